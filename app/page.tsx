import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/require-user";

export const dynamic = "force-dynamic";

export default async function Home() {
  redirect((await currentUser()) ? "/sites" : "/sign-in");
}
