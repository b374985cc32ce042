import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { parseDimension } from "@/lib/query";

/** An unknown dimension is a real 404, before the skeleton streams (see ../../layout.tsx). */
export default async function DetailsLayout({ children, params }: { children: ReactNode; params: Promise<{ dimension: string }> }) {
  if (!parseDimension((await params).dimension)) notFound();
  return children;
}
