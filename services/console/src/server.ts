import type { Connections } from '@vigil/cli/connections';
import { findIncident, sendIncidentAction, type PersonAction } from '@vigil/cli/incident-actions';
import { requestIsolation } from '@vigil/cli/isolation-requests';
import {
  agentHours,
  agentIsolations,
  agentKnownGround,
  anomaliesByIds,
  anomalyCountsByDay,
  evidenceEvents,
  incidentHistory,
  listIncidents,
} from '@vigil/queries';
import { IncidentStatus, IsolationCommand, Severity } from '@vigil/contracts';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { TOKEN_COOKIE, tokenOf, userOf } from './auth';
import type { ConsoleConfig, ConsoleUser } from './config';
import { html, page } from './html';
import { agentConfirmPage, agentPage } from './pages/agent';
import { confirmPage, incidentPage } from './pages/incident';
import { incidentsPage } from './pages/incidents';

const ACTIONS: Record<string, { action: PersonAction; label: string }> = {
  ack: { action: 'acknowledge', label: 'acknowledge' },
  close: { action: 'close', label: 'close' },
};
/** Isolating and releasing are the agent's: a signed alert to every target, through the detector. */
const agentAction = (name: string) => IsolationCommand.shape.action.safeParse(name).data;

declare module 'fastify' {
  interface FastifyRequest {
    user?: ConsoleUser;
  }
}

/**
 * The console: server-rendered pages over the same queries as the CLI, and the same actions:
 * on incidents (sent to the incidents stage, which records who and when) and on agents
 * (isolate and release, sent to the detector, which delivers them signed). Every page needs a bearer
 * token (header, or the cookie the login form sets); actions need the operator role.
 */
export function createConsole(config: ConsoleConfig, connections: Connections): FastifyInstance {
  const app = Fastify({ logger: false });
  const { read, database } = connections;
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );

  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/login')) return;
    const user = userOf(config.VIGIL_CONSOLE_TOKENS, tokenOf(request.headers));
    if (!user) {
      const wantsPage = (request.headers.accept ?? '').includes('text/html');
      return wantsPage
        ? reply.redirect('/login')
        : reply.code(401).send({ error: 'a bearer token is required' });
    }
    request.user = user;
  });

  const send = (
    reply: FastifyReply,
    user: ConsoleUser | undefined,
    title: string,
    body: ReturnType<typeof html>,
  ) =>
    reply
      .type('text/html; charset=utf-8')
      .send(page(title, user ? `${user.name} (${user.role})` : '-', body));

  app.get('/login', (_request, reply) =>
    send(
      reply,
      undefined,
      'sign in',
      html`<form method="post" action="/login">
        <p>token <input type="password" name="token" size="40" /></p>
        <button id="login" type="submit">sign in</button>
      </form>`,
    ),
  );
  app.post('/login', (request, reply) => {
    const token = (request.body as Record<string, string> | undefined)?.token;
    if (!userOf(config.VIGIL_CONSOLE_TOKENS, token))
      return reply.code(401).type('text/plain').send('unknown token');
    return reply
      .header(
        'set-cookie',
        `${TOKEN_COOKIE}=${encodeURIComponent(token ?? '')}; HttpOnly; SameSite=Strict; Path=/`,
      )
      .redirect('/incidents', 303);
  });

  app.get('/', (_request, reply) => reply.redirect('/incidents'));
  app.get('/incidents', async (request, reply) => {
    const query = request.query as Record<string, string | undefined>;
    const filters = {
      status: IncidentStatus.safeParse(query.status).data,
      severity: Severity.safeParse(query.severity).data,
      kind: query.kind || undefined,
      agent: query.agent || undefined,
    };
    const [incidents, counts] = await Promise.all([
      listIncidents(read, database, {
        ...(filters.status ? { status: filters.status } : {}),
        ...(filters.severity ? { severity: filters.severity } : {}),
        ...(filters.kind ? { kind: filters.kind } : {}),
        ...(filters.agent ? { agentId: filters.agent } : {}),
        limit: 500,
      }),
      anomalyCountsByDay(read, database),
    ]);
    return send(reply, request.user, 'incidents', incidentsPage(incidents, counts, filters));
  });

  app.get('/incidents/:id', async (request, reply) => {
    const { id } = request.params as { id: string };
    const incident = await findIncident(connections, id).catch(() => undefined);
    if (!incident) return reply.code(404).type('text/plain').send(`no incident ${id}`);
    const anomalies = await anomaliesByIds(read, database, incident.anomalyIds);
    const timeline = await Promise.all(
      anomalies.map(async (anomaly) => ({
        anomaly,
        evidence: await evidenceEvents(read, database, anomaly),
      })),
    );
    const history = await incidentHistory(read, database, id);
    const canAct = request.user?.role === 'operator';
    return send(
      reply,
      request.user,
      `incident ${id}`,
      incidentPage(incident, timeline, history, canAct),
    );
  });

  const operatorOnly = (request: FastifyRequest, reply: FastifyReply) => {
    if (request.user?.role === 'operator') return true;
    void reply
      .code(403)
      .type('text/plain')
      .send('read-only: acting on incidents needs the operator role');
    return false;
  };
  app.get('/incidents/:id/:action', async (request, reply) => {
    const { id, action } = request.params as { id: string; action: string };
    const known = ACTIONS[action];
    if (!known) return reply.code(404).type('text/plain').send(`no action ${action}`);
    if (!operatorOnly(request, reply)) return reply;
    const incident = await findIncident(connections, id);
    return send(
      reply,
      request.user,
      `${known.label} ${id}`,
      confirmPage(incident, action, known.label),
    );
  });
  app.post('/incidents/:id/:action', async (request, reply) => {
    const { id, action } = request.params as { id: string; action: string };
    const known = ACTIONS[action];
    if (!known) return reply.code(404).type('text/plain').send(`no action ${action}`);
    if (!operatorOnly(request, reply)) return reply;
    const body = (request.body ?? {}) as Record<string, string | undefined>;
    if (body.confirm !== 'yes')
      return reply.redirect(`/incidents/${encodeURIComponent(id)}/${action}`, 303);
    await sendIncidentAction(connections, {
      incidentId: id,
      action: known.action,
      by: request.user?.name ?? 'unknown',
      note: body.note || undefined,
      wait: true,
    });
    return reply.redirect(`/incidents/${encodeURIComponent(id)}`, 303);
  });

  app.get('/agents/:id', async (request, reply) => {
    const { id } = request.params as { id: string };
    const [hours, isolations, known] = await Promise.all([
      agentHours(read, database, id, 48),
      agentIsolations(read, database, id),
      agentKnownGround(read, database, id),
    ]);
    const canAct = request.user?.role === 'operator';
    return send(
      reply,
      request.user,
      `agent ${id}`,
      agentPage(id, hours, isolations, known, canAct),
    );
  });

  app.get('/agents/:id/:action', async (request, reply) => {
    const { id, action: name } = request.params as { id: string; action: string };
    const action = agentAction(name);
    if (!action) return reply.code(404).type('text/plain').send(`no action ${name}`);
    if (!operatorOnly(request, reply)) return reply;
    // The time asked is fixed here, so a confirmation sent twice is one request.
    const requestedAt = new Date().toISOString();
    return send(reply, request.user, `${action} ${id}`, agentConfirmPage(id, action, requestedAt));
  });
  app.post('/agents/:id/:action', async (request, reply) => {
    const { id, action: name } = request.params as { id: string; action: string };
    const action = agentAction(name);
    if (!action) return reply.code(404).type('text/plain').send(`no action ${name}`);
    if (!operatorOnly(request, reply)) return reply;
    const body = (request.body ?? {}) as Record<string, string | undefined>;
    const back = `/agents/${encodeURIComponent(id)}`;
    if (body.confirm !== 'yes') return reply.redirect(`${back}/${action}`, 303);
    if (!body.reason?.trim())
      return reply.code(400).type('text/plain').send('a reason is required');
    await requestIsolation(connections, {
      agentId: id,
      action,
      by: request.user?.name ?? 'unknown',
      reason: body.reason,
      requestedAt: body.requestedAt,
      wait: true,
    });
    return reply.redirect(back, 303);
  });

  app.setErrorHandler((error, _request, reply) => {
    // A refusal the person can act on (no such incident, an agent with nothing to rest an alert on).
    const refused = (error as { code?: unknown }).code === 'VIGIL_CLI_FAILED';
    void reply
      .code(refused ? 400 : 500)
      .type('text/plain')
      .send(`vigil console: ${(error as Error).message}`);
  });
  return app;
}
