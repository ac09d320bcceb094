// The conformance suite, written once: every case, sent over real HTTP to a
// subject, which is an adapter variant in this process (conformance.test.ts)
// or the web adapter inside Bun or Deno (runtimes.test.ts).
import { testMerchant } from "@wxnotify/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  cases,
  SLOW_MS,
  type Behaviour,
  type ConformanceCase,
  type Expectation,
  type WireRequest,
} from "../src/cases.js";
import { createHarness, ROUTES, tagOf } from "../src/harness.js";
import type { RuntimeServer } from "../src/runtimes.js";
import { send, type WireReply } from "../src/send.js";
import type { Variant } from "../src/variants.js";

export const merchant = testMerchant();

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
  variant: Omit<Variant, "start">,
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

/** A server under test and its harness, wherever the harness runs. */
export interface Target {
  /** Base URL. */
  url: string;
  /** Registers requests before they are sent; returns their tags. */
  register(
    requests: readonly WireRequest[],
    behaviour: Behaviour,
  ): Promise<Array<string | undefined>>;
  /** How many times the handler ran, per tag. */
  calls(tags: ReadonlyArray<string | undefined>): Promise<number[]>;
  /** Handler calls for notifications nobody registered (must stay 0). */
  strays(): Promise<number>;
  /** What onError saw. */
  errors(): Promise<Array<{ code: string; message: string }>>;
  close(): Promise<void>;
}

/** What the suite runs against: how the notify routes are served, and its parsers. */
export interface Subject extends Omit<Variant, "start"> {
  open(): Promise<Target>;
}

/** A variant served in this process, with its harness here too. */
export function localSubject({ start, ...variant }: Variant): Subject {
  return {
    ...variant,
    open: async () => {
      const harness = createHarness(merchant.config);
      const server = await start(harness.endpoints);
      return {
        url: server.url,
        register: async (requests, behaviour) =>
          requests.map((request) => harness.register(request, behaviour)),
        calls: async (tags) => tags.map((tag) => harness.calls(tag)),
        strays: async () => harness.strays(),
        errors: async () =>
          harness.errors.map(({ error }) => ({
            code: error.code,
            message: error.message,
          })),
        close: () => server.close(),
      };
    },
  };
}

/** A runtime server's harness, driven through its control routes. */
export function remoteTarget(server: RuntimeServer): Target {
  return {
    url: server.url,
    register: async (requests, behaviour) => {
      const tags = requests.map((request) => tagOf(request.body));
      await server.register(
        tags.flatMap((tag) => (tag === undefined ? [] : [{ tag, behaviour }])),
      );
      return tags;
    },
    calls: async (tags) => {
      const known = tags.filter((tag): tag is string => tag !== undefined);
      const counts = known.length ? await server.calls(known) : [];
      return tags.map((tag) =>
        tag === undefined ? 0 : (counts[known.indexOf(tag)] ?? 0),
      );
    },
    strays: async () => (await server.state()).strays,
    errors: async () => (await server.state()).errors,
    close: () => server.close(),
  };
}

/**
 * Runs every case against the subject, in a describe block named after it;
 * `more` adds the subject's own tests to that block.
 */
export function describeConformance(
  subject: Subject,
  { more }: { more?: () => void } = {},
): void {
  describe(subject.name, () => {
    let target: Target;
    beforeAll(async () => {
      target = await subject.open();
    });
    afterAll(async () => {
      if (!target) return;
      try {
        expect(await target.strays()).toBe(0);
      } finally {
        await target.close();
      }
    });

    it.concurrent.each(cases.map((c) => [c.name, c] as const))(
      "%s",
      async (_name, testCase) => {
        const request = requestFor(testCase);
        const outcome = outcomeFor(subject, testCase, request);
        const [tag] = await target.register([request], testCase.behaviour);
        const url =
          target.url + ROUTES[testCase.limited ? "limited" : testCase.entry];
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
        expect(await target.calls([tag])).toEqual([called ? deliveries : 0]);
      },
    );

    it("100 concurrent deliveries are each handled once", async () => {
      const requests = concurrentBatch();
      const tags = await target.register(requests, "jitter");
      const replies = await Promise.all(
        requests.map((r) => send(target.url + ROUTES.paid, r)),
      );
      const calls = await target.calls(tags);
      let acknowledged = 0;
      replies.forEach((reply, i) => {
        const request = requests[i]!;
        const outcome = outcomeFor(subject, concurrentCase, request);
        if (outcome.kind === "exact") {
          expect(reply.status).toBe(request.version === "v3" ? 204 : 200);
          expect(calls[i]).toBe(1);
          acknowledged += 1;
        } else {
          checkReply(reply, outcome);
          expect(calls[i]).toBe(0);
        }
      });
      const expected = subject.keepsRawBody === false ? undefined : 100;
      if (expected !== undefined) expect(acknowledged).toBe(expected);
    });

    if (subject.lostHint) {
      it(`a notification whose bytes are gone fails retryably, and onError says why (${subject.lostHint})`, async () => {
        const request = merchant.v3.paid();
        const [tag] = await target.register([request], "ack");
        const reply = await send(target.url + ROUTES.paid, request);
        expect(reply.status).toBeGreaterThanOrEqual(500);
        expect(await target.calls([tag])).toEqual([0]);
        const lost = (await target.errors()).filter(
          ({ code }) => code === "raw_body_unavailable",
        );
        expect(lost.length).toBeGreaterThan(0);
        for (const { message } of lost)
          expect(message).toMatch(subject.lostHint!);
      });
    }

    more?.();
  });
}

const concurrentCase: ConformanceCase = {
  name: "concurrent",
  entry: "paid",
  build: (m) => m.v3.paid(),
  behaviour: "jitter",
  expect: { status: 204, handlerCalled: true },
};
