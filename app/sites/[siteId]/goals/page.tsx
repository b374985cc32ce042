import type { Metadata } from "next";
import { SiteBreadcrumb } from "@/components/site-breadcrumb";
import { GoalForm, FunnelForm } from "@/components/goal-forms";
import { requireSiteAccess } from "@/lib/access";
import { listFunnels, listGoals } from "@/lib/conversions";
import { deleteFunnelAction, deleteGoalAction } from "@/lib/conversions/actions";
import { getDb } from "@/lib/db";
import { describeStep, stepLabel } from "@/lib/query/conversions-model";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Goals" };

interface GoalsPageProps {
  params: Promise<{ siteId: string }>;
}

/** Define and delete a site's goals and funnels (owners and admins; the numbers are on the dashboard). */
export default async function SiteGoalsPage({ params }: GoalsPageProps) {
  const { site } = await requireSiteAccess((await params).siteId, "site:edit");
  const db = await getDb();
  const [goals, funnels] = await Promise.all([listGoals(db, site.id), listFunnels(db, site.id)]);

  return (
    <div className="dashboard">
      <SiteBreadcrumb siteName={site.name} siteHref={`/sites/${site.id}`} />
      <header className="dashboard-head">
        <div className="dashboard-title">
          <h1>Goals and funnels</h1>
        </div>
      </header>
      <div className="panels">
        <section className="card panel" aria-labelledby="goals-list">
          <h2 id="goals-list">Goals</h2>
          {goals.length === 0 ? <p className="muted">No goals yet.</p> : null}
          <ul className="goal-list">
            {goals.map((goal) => (
              <li key={goal.id}>
                <span>
                  <strong>{goal.name}</strong> <span className="muted">{describeStep(goal.step)}</span>
                </span>
                <form action={deleteGoalAction.bind(null, site.id, goal.id)}>
                  <button type="submit" className="button button-ghost" aria-label={`Delete goal ${goal.name}`}>
                    Delete
                  </button>
                </form>
              </li>
            ))}
          </ul>
          <h3>Add a goal</h3>
          <GoalForm siteId={site.id} />
        </section>
        <section className="card panel" aria-labelledby="funnels-list">
          <h2 id="funnels-list">Funnels</h2>
          {funnels.length === 0 ? <p className="muted">No funnels yet. A funnel follows visitors through 2 to 8 goals in order, within one visit.</p> : null}
          <ul className="goal-list">
            {funnels.map((funnel) => (
              <li key={funnel.id}>
                <span>
                  <strong>{funnel.name}</strong> <span className="muted">{funnel.steps.map(stepLabel).join(" → ")}</span>
                </span>
                <form action={deleteFunnelAction.bind(null, site.id, funnel.id)}>
                  <button type="submit" className="button button-ghost" aria-label={`Delete funnel ${funnel.name}`}>
                    Delete
                  </button>
                </form>
              </li>
            ))}
          </ul>
          <h3>Add a funnel</h3>
          {goals.length < 2 ? (
            <p className="muted">Add at least two goals first: a funnel&apos;s steps are goals.</p>
          ) : (
            <FunnelForm siteId={site.id} goals={goals.map(({ id, name }) => ({ id, name }))} />
          )}
        </section>
      </div>
    </div>
  );
}
