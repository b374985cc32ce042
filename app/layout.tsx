import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { SiteHeader } from "@/components/site-header";
import { currentUser } from "@/lib/auth/require-user";
import { currentOrganisations } from "@/lib/organisations";
import "./globals.css";

// Every page depends on who is signed in, and most on the database: nothing
// is prerendered, so `next build` never opens the database or needs AUTH_SECRET.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Inlet", template: "%s · Inlet" },
  description: "Privacy-friendly web analytics.",
};

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#0f1115" },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  const organisations = user ? await currentOrganisations(user.id) : { all: [], current: null };
  return (
    <html lang="en">
      <body>
        <SiteHeader user={user} organisations={organisations.all} current={organisations.current} />
        <main className="page">{children}</main>
      </body>
    </html>
  );
}
