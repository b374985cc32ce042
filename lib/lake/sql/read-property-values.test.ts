import { expect, it } from "vitest";
import { readPropertyValues } from "./read-property-values";

it("reads strings as they are and other values as their JSON text in the file", () => {
  expect(readPropertyValues('{"plan": "pro \\"x\\"", "seats": 12.50, "trial": false, "none": null, "tags": ["a", {"b": "}"}], "n": -3}')).toEqual([
    ["plan", 'pro "x"'],
    ["seats", "12.50"],
    ["trial", "false"],
    ["none", "null"],
    ["tags", '["a", {"b": "}"}]'],
    ["n", "-3"],
  ]);
});

it("gives nothing for anything but an object", () => {
  for (const text of ["[1]", '"x"', "null", "not json", "{}"]) expect(readPropertyValues(text), text).toEqual([]);
});
