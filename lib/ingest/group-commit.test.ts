import { describe, expect, it } from "vitest";
import { groupCommit } from "./group-commit";

/** A write that completes when the test says so, recording what it was given. */
function controlledWrite() {
  const writes: { items: number[]; finish: (error?: Error) => void }[] = [];
  const write = (items: number[]) =>
    new Promise<void>((resolve, reject) => writes.push({ items, finish: (error) => (error ? reject(error) : resolve()) }));
  return { writes, write };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("groupCommit", () => {
  it("writes a lone append at once", async () => {
    const { writes, write } = controlledWrite();
    const append = groupCommit(write);
    const done = append([1]);
    await tick();
    expect(writes.map((w) => w.items)).toEqual([[1]]);
    writes[0]!.finish();
    await expect(done).resolves.toBeUndefined();
  });

  it("gathers appends that arrive during a write into one next write, settling each only after its write", async () => {
    const { writes, write } = controlledWrite();
    const append = groupCommit(write);
    const settled: number[] = [];
    const first = append([1]).then(() => settled.push(1));
    await tick();
    const rest = [append([2, 3]).then(() => settled.push(2)), append([4]).then(() => settled.push(4))];
    await tick();
    expect(writes).toHaveLength(1); // 2..4 wait for the write in flight
    writes[0]!.finish();
    await first;
    await tick();
    expect(writes.map((w) => w.items)).toEqual([[1], [2, 3, 4]]);
    expect(settled).toEqual([1]); // not acknowledged before their own write commits
    writes[1]!.finish();
    await Promise.all(rest);
    expect(settled).toEqual([1, 2, 4]);
  });

  it("fails every caller of a failed write, and only those", async () => {
    const { writes, write } = controlledWrite();
    const append = groupCommit(write);
    const first = append([1]);
    await tick();
    const second = append([2]);
    writes[0]!.finish(new Error("disk full"));
    await expect(first).rejects.toThrow("disk full");
    await tick();
    writes[1]!.finish();
    await expect(second).resolves.toBeUndefined();
  });

  it("splits groups at maxItems without splitting a caller", async () => {
    const { writes, write } = controlledWrite();
    const append = groupCommit(write, 3);
    const all = [append([1]), append([2, 3]), append([4, 5]), append([6])];
    for (let i = 0; i < 4; i++) {
      await tick();
      writes[i]?.finish();
    }
    await Promise.all(all);
    expect(writes.map((w) => w.items)).toEqual([[1], [2, 3], [4, 5, 6]]);
  });
});
