import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

/**
 * A small MCP server built with the official SDK, as a team would write one: a
 * CRM with a search tool and account resources. The tool's description is
 * given, so a test can redeploy it with a changed definition (a "rug pull").
 */
export function createCrmServer(toolDescription: string): McpServer {
  const server = new McpServer({ name: 'crm', version: '2.4.1' });
  server.registerTool(
    'search_accounts',
    { description: toolDescription, inputSchema: { query: z.string() } },
    async ({ query }) => ({
      content: [{ type: 'text', text: `3 accounts match ${query}: 4711, 4712, 4713` }],
    }),
  );
  server.registerResource(
    'account',
    new ResourceTemplate('crm://accounts/{id}', { list: undefined }),
    { mimeType: 'application/json' },
    async (uri, { id }) => ({
      contents: [{ uri: uri.href, text: JSON.stringify({ id, name: `Account ${String(id)}` }) }],
    }),
  );
  return server;
}
