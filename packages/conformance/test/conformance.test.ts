import { testMerchant } from "@wxnotify/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  cases,
  SLOW_MS,
  type ConformanceCase,
  type Expectation,
  type WireRequest,
} from "../src/cases.js";
import { createHarness, ROUTES } from "../src/harness.js";
import { send, type WireReply } from "../src/send.js";
import { variants, type RunningServer, type Variant } from "../src/variants.js";

const merchant = testMerchant();

// Each request is signed once and sent to every variant (each has its own
// notifier and registry): RSA signing, not HTTP, is what costs time here. A
// request is signed again after a minute, so that timestamps stay well inside
// (or, for the timestamp cases, well outside) the 300 s window.
const MAX_AGE_MS = 60_000;
const built = new Map<ConformanceCase, { at: number; request: WireRequest }>();
const requestFor = (testCase: ConformanceCase): WireRequest => {
  const cached = built.get(testCase);
  if (cached && Date.now() - cached.at < MAX_AGE_MS) return cached.request;
  const request = testCase.build(merchant);
  built.set(testCase, { at: Date.now(), request });
  return request;
};
let concurrent: {
  at: number;
  requests: Array<WireRequest & { version: "v2" | "v3" }>;
};
const concurrentBatch = () => {
  if (!concurrent || Date.now() - concurrent.at >= MAX_AGE_MS) {
    const requests = Array.from({ length: 100 }, (_, i) =>
      i % 2 ? merchant.v3.paid() : merchant.v2.paid(),
    );
    concurrent = { at: Date.now(), requests };
  }
  return concurrent.requests;
};

/** What a variant must answer: the case's reply, or a refusal where a parser ate the bytes. */
type Outcome =
  | { kind: "exact"; expect: Expectation }
  // status >= 500 with raw_body_unavailable; or 413 when the core refuses a
  // Web Request on its Content-Length before it looks at the (used) body.
  | { kind: "retryable"; handlerCalled: false; orTooLarge: boolean }
  | { kind: "refused-by-parser"; handlerCalled: false }; // status >= 400

function dialectOf(request: WireRequest): "v2" | "v3" | undefined {
  const type = Object.entries(request.headers)
    .find(([name]) => name.toLowerCase() === "content-type")?.[1]
    ?.toLowerCase();
  if (type?.includes("json")) return "v3";
  if (type?.includes("xml")) return "v2";
  return undefined;
}

function outcomeFor(
  variant: Variant,
  testCase: ConformanceCase,
  request: WireRequest,
): Outcome {
  const exact: Outcome = { kind: "exact", expect: testCase.expect };
  if (!variant.parses || request.method !== "POST") return exact;
  const dialect = dialectOf(request);
  const parsed =
    variant.parses === "all" ||
    (dialect !== undefined && variant.parses.includes(dialect));
  if (!parsed) return exact;
  if (testCase.wellFormed === false) {
    return { kind: "refused-by-parser", handlerCalled: false };
  }
  return variant.keepsRawBody
    ? exact
    : {
        kind: "retryable",
        handlerCalled: false,
        orTooLarge: testCase.expect.status === 413,
      };
}

function xmlFields(body: string): Record<string, string> {
  const fields: Record<string, string> = {};
  const re = /<(\w+)>(?:<!\[CDATA\[([\s\S]*?)\]\]>|([^<]*))<\/\1>/g;
  for (let m = re.exec(body); m; m = re.exec(body)) {
    if (m[1] !== "xml") fields[m[1]!] = m[2] ?? m[3] ?? "";
  }
  return fields;
}

/** The failure message of a reply, v2 (`return_msg`) or v3 (`message`). */
function failureOf(reply: WireReply): { dialect: string; message?: string } {
  if (reply.headers["content-type"]?.startsWith("text/xml")) {
    const fields = xmlFields(reply.body);
    expect(fields.return_code).toBe("FAIL");
    return { dialect: "v2", message: fields.return_msg };
  }
  expect(reply.headers["content-type"]).toMatch(/^application\/json/);
  const json = JSON.parse(reply.body) as { code?: string; message?: string };
  expect(json.code).toBe("FAIL");
  return { dialect: "v3", message: json.message };
}

function checkReply(reply: WireReply, outcome: Outcome): void {
  if (outcome.kind === "retryable") {
    if (outcome.orTooLarge && reply.status === 413) return;
    expect(reply.status).toBeGreaterThanOrEqual(500);
    expect(failureOf(reply).message).toBe("raw_body_unavailable");
    return;
  }
  if (outcome.kind === "refused-by-parser") {
    expect(reply.status).toBeGreaterThanOrEqual(400);
    return;
  }
  const { expect: e } = outcome;
  expect(reply.status).toBe(e.status);
  for (const [name, value] of Object.entries(e.headers ?? {})) {
    expect(reply.headers[name]).toBe(value);
  }
  if (e.failure !== undefined) {
    const failure = failureOf(reply);
    expect(failure.message).toBe(e.failure);
    if (e.dialect) expect(failure.dialect).toBe(e.dialect);
  }
  if (e.v2) {
    expect(reply.headers["content-type"]).toMatch(/^text\/xml/);
    expect(xmlFields(reply.body)).toMatchObject(e.v2);
  }
  if (e.dialect === "v3" && e.status === 204) expect(reply.body).toBe("");
}

describe.each(variants.map((v) => [v.name, v] as const))("%s", (_, variant) => {
  const harness = createHarness();
  let server: RunningServer;
  beforeAll(async () => {
    server = await variant.start(harness.endpoints);
  });
  afterAll(async () => {
    await server?.close();
    expect(harness.strays()).toBe(0);
  });

  it.concurrent.each(cases.map((c) => [c.name, c] as const))(
    "%s",
    async (_name, testCase) => {
      const request = requestFor(testCase);
      const outcome = outcomeFor(variant, testCase, request);
      const tag = harness.register(request, testCase.behaviour);
      const url =
        server.url + ROUTES[testCase.limited ? "limited" : testCase.entry];
      const deliveries = testCase.deliveries ?? 1;
      for (let i = 0; i < deliveries; i++) {
        const started = performance.now();
        const reply = await send(url, request);
        checkReply(reply, outcome);
        if (testCase.behaviour === "slow" && outcome.kind === "exact") {
          expect(performance.now() - started).toBeGreaterThanOrEqual(
            SLOW_MS - 5,
          );
        }
      }
      const called =
        outcome.kind === "exact" ? outcome.expect.handlerCalled : false;
      expect(harness.calls(tag)).toBe(called ? deliveries : 0);
    },
  );

  it("100 concurrent deliveries are each handled once", async () => {
    const requests = concurrentBatch();
    const tags = requests.map((r) => harness.register(r, "jitter"));
    const replies = await Promise.all(
      requests.map((r) => send(server.url + ROUTES.paid, r)),
    );
    let acknowledged = 0;
    replies.forEach((reply, i) => {
      const request = requests[i]!;
      const outcome = outcomeFor(variant, concurrentCase, request);
      if (outcome.kind === "exact") {
        expect(reply.status).toBe(request.version === "v3" ? 204 : 200);
        expect(harness.calls(tags[i])).toBe(1);
        acknowledged += 1;
      } else {
        checkReply(reply, outcome);
        expect(harness.calls(tags[i])).toBe(0);
      }
    });
    const expected = variant.keepsRawBody === false ? undefined : 100;
    if (expected !== undefined) expect(acknowledged).toBe(expected);
  });

  if (variant.lostHint) {
    it(`a notification whose bytes are gone fails retryably, and onError says why (${variant.lostHint})`, async () => {
      const request = merchant.v3.paid();
      const tag = harness.register(request, "ack");
      const reply = await send(server.url + ROUTES.paid, request);
      expect(reply.status).toBeGreaterThanOrEqual(500);
      expect(harness.calls(tag)).toBe(0);
      const lost = harness.errors.filter(
        ({ error }) => error.code === "raw_body_unavailable",
      );
      expect(lost.length).toBeGreaterThan(0);
      for (const { error } of lost)
        expect(error.message).toMatch(variant.lostHint!);
    });
  }
});

const concurrentCase: ConformanceCase = {
  name: "concurrent",
  entry: "paid",
  build: (m) => m.v3.paid(),
  behaviour: "jitter",
  expect: { status: 204, handlerCalled: true },
};
