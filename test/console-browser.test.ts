import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluate } from './scenarios/evaluate';
import { generateScenario } from './scenarios/generate';
import { CLOCK_AGENT, sendClockEvents } from './support/clock-events';
import { drainPipeline } from './support/drain-pipeline';
import { feedScenario } from './support/feed-scenario';
import {
  createIsolatedPipeline,
  eventually,
  type IsolatedPipeline,
} from './support/isolated-pipeline';
import { startService, type ServiceProcess } from './support/service-process';
import { storedAnomalies } from './support/stored-anomalies';
import { waitForGroupToDrain } from './support/wait-for-group';

const ROOT = join(import.meta.dirname, '..');
const SCREENSHOTS = join(ROOT, '.reports', 'console-browser');
/** Debian's chromium (apt), driven over CDP: no browser is downloaded at install. */
const CHROMIUM = process.env.VIGIL_CHROMIUM ?? '/usr/bin/chromium';
const OPERATOR = { token: 'op-token-0123456789abcdef', name: 'ana', role: 'operator' };
const READER = { token: 'ro-token-0123456789abcdef', name: 'rui', role: 'read-only' };

// A short labelled stream: two days of a few agents of each kind, one attack of each kind.
const scenario = generateScenario({
  seed: 12,
  startMs: Date.UTC(2026, 2, 3),
  days: 2,
  agentsPerKind: 3,
  attacksPerKind: 1,
});

async function startConsole(
  env: Record<string, string>,
): Promise<{ url: string; process: ChildProcess }> {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'services/console/src/main.ts')],
    {
      cwd: ROOT,
      env: { ...process.env, ...env, VIGIL_CONSOLE_PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const up = await eventually(async () => output.join('').includes('vigil console on'), 60_000);
  if (!up) throw new Error(`console did not start:\n${output.join('')}`);
  return { url: `http://127.0.0.1:${port}`, process: child };
}

describe('the console in a real browser, on the real stack', () => {
  let pipeline: IsolatedPipeline;
  const services: ServiceProcess[] = [];
  let consoleUrl: string;
  let consoleProcess: ChildProcess | undefined;
  let browser: Browser;
  let page: Page;
  const shot = (name: string) =>
    page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    pipeline = await createIsolatedPipeline('console');
    for (const name of ['collector', 'enricher', 'detector', 'incidents'] as const) {
      services.push(await startService(name, pipeline.env));
    }
    await feedScenario(pipeline.producer, pipeline.topics, scenario);
    await sendClockEvents(pipeline.producer, pipeline.topics.audit, scenario);
    expect(await drainPipeline(pipeline)).toBe(true);
    const anomaliesGroup = pipeline.env.INCIDENTS_GROUP_ID as string;
    expect(
      await waitForGroupToDrain(pipeline.kafka, anomaliesGroup, pipeline.topics.anomalies),
    ).toBe(true);
    const started = await startConsole({
      ...pipeline.env,
      VIGIL_CONSOLE_TOKENS: JSON.stringify([OPERATOR, READER]),
    });
    consoleUrl = started.url;
    consoleProcess = started.process;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
    consoleProcess?.kill('SIGTERM');
    await Promise.all(services.map((s) => s.stop()));
    await pipeline?.close();
  });

  it('asks for a token, and a wrong one gets nothing', async () => {
    await page.goto(`${consoleUrl}/incidents`);
    expect(page.url()).toBe(`${consoleUrl}/login`);
    const response = await fetch(`${consoleUrl}/incidents`, {
      headers: { authorization: 'Bearer wrong-token-0123456789' },
    });
    expect(response.status).toBe(401);
  });

  it('the incident list shows the attacks', async () => {
    await page.fill('input[name=token]', OPERATOR.token);
    await page.click('#login');
    await page.waitForSelector('#incidents');
    await shot('incidents');
    const shown = await page.$$eval('#incidents tr[data-agent]', (rows) =>
      rows.map((r) => r.getAttribute('data-agent')),
    );
    const stored = await pipeline.rows<{ agent_id: string }>(
      'SELECT DISTINCT agent_id FROM {db}.incidents_latest',
    );
    expect(new Set(shown)).toEqual(new Set(stored.map((r) => r.agent_id)));
    // The list holds exactly the agents the anomalies name, and every attack the detector caught is on
    // it as its agent's incident (a changed tool's anomaly names the agent that called it). How many
    // attacks a stream this short catches is the detection tests' business; most must be here.
    const anomalies = await storedAnomalies(pipeline);
    const evaluation = evaluate(scenario, anomalies);
    console.log(
      `console: ${evaluation.caught}/${evaluation.attacks} attacks caught, ${shown.length} incidents shown`,
    );
    expect(evaluation.caught).toBeGreaterThanOrEqual(evaluation.attacks - 2);
    expect(new Set(shown.filter((agent) => agent !== CLOCK_AGENT))).toEqual(
      new Set(anomalies.map((a) => a.agentId)),
    );
    const notCaught = new Set([...evaluation.missed, ...evaluation.wrongKind]);
    const caughtOfAgent = scenario.attacks.filter(
      (a) => !notCaught.has(a) && a.kind !== 'tool_definition_changed',
    );
    for (const attack of caughtOfAgent) expect(shown).toContain(attack.agentId);
    expect(await page.$$eval('#counts tr', (rows) => rows.length)).toBeGreaterThan(1);
  });

  it("an agent's page draws its charts of observed against the usual hour", async () => {
    const agent = scenario.attacks[0]?.agentId ?? '';
    await page.goto(`${consoleUrl}/agents/${encodeURIComponent(agent)}`);
    await page.waitForSelector('svg.chart polyline');
    await shot('agent');
    const charts = await page.$$eval('svg.chart', (svgs) =>
      svgs.map((svg) => ({
        measure: svg.getAttribute('data-measure'),
        points: (svg.querySelector('polyline')?.getAttribute('points') ?? '')
          .split(' ')
          .filter(Boolean).length,
      })),
    );
    expect(charts.map((c) => c.measure)).toEqual(['calls', 'bytes', 'users']);
    for (const chart of charts) expect(chart.points).toBeGreaterThan(1);
  });

  it("acknowledging, after a confirmation, changes the incident's status in ClickHouse", async () => {
    const [target] = await pipeline.rows<{ incident_id: string }>(
      "SELECT incident_id FROM {db}.incidents_latest WHERE status = 'open' ORDER BY max_score DESC LIMIT 1",
    );
    const id = target?.incident_id ?? '';
    await page.goto(`${consoleUrl}/incidents/${id}`);
    await shot('incident');
    await page.click('#action-ack');
    await page.fill('input[name=note]', 'on it');
    await shot('confirm');
    expect(
      await pipeline.scalar(
        `SELECT count() FROM {db}.incidents_latest WHERE incident_id = '${id}' AND status = 'open'`,
      ),
    ).toBe(1);
    await page.click('#confirm');
    await page.waitForSelector('#status.acknowledged');
    await shot('acknowledged');
    const [row] = await pipeline.rows<Record<string, string>>(
      `SELECT status, owner, note, changed_by FROM {db}.incidents_latest WHERE incident_id = '${id}'`,
    );
    expect(row).toEqual({ status: 'acknowledged', owner: 'ana', note: 'on it', changed_by: 'ana' });
  });

  it('isolating an agent, after a confirmation, records who asked and why in its isolation history', async () => {
    const agent = scenario.attacks[0]?.agentId ?? '';
    await page.goto(`${consoleUrl}/agents/${encodeURIComponent(agent)}`);
    await page.click('#action-isolate');
    await page.fill('input[name=reason]', 'exports customer data');
    await shot('confirm-isolate');
    await page.click('#confirm');
    // The detector has no target here: the alert is recorded undelivered, once, with its reason.
    await page.waitForSelector('#isolations td:has-text("isolated by ana")');
    await shot('isolated');
    const rows = await pipeline.rows<Record<string, string>>(
      `SELECT action, reason, target, status FROM {db}.isolations FINAL WHERE agent_id = '${agent}' AND reason LIKE '%by ana%'`,
    );
    expect(rows).toEqual([
      {
        action: 'isolate',
        reason: `Agent ${agent} isolated by ana: exports customer data.`,
        target: '(none)',
        status: 'undelivered',
      },
    ]);
  });

  it('a read-only user sees no actions and can neither act on incidents nor isolate', async () => {
    const [open] = await pipeline.rows<{ incident_id: string }>(
      'SELECT incident_id FROM {db}.incidents_latest LIMIT 1',
    );
    const id = open?.incident_id ?? '';
    const headers = { authorization: `Bearer ${READER.token}` };
    const pageText = await (await fetch(`${consoleUrl}/incidents/${id}`, { headers })).text();
    expect(pageText).not.toContain('id="action-');
    const post = await fetch(`${consoleUrl}/incidents/${id}/close`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'confirm=yes',
      redirect: 'manual',
    });
    expect(post.status).toBe(403);
    const agent = scenario.attacks[0]?.agentId ?? '';
    const isolate = await fetch(`${consoleUrl}/agents/${encodeURIComponent(agent)}/isolate`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'confirm=yes&reason=because',
      redirect: 'manual',
    });
    expect(isolate.status).toBe(403);
  });
});
