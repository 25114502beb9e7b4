import { createHash } from 'node:crypto';
import { stringify } from 'safe-stable-stringify';

export interface ToolDefinition {
  name: string;
  description?: string;
  inputSchema?: unknown;
}

/**
 * The hash of a tool's definition as a server lists it in `tools/list`: its name,
 * description and input schema, keys sorted, so the same definition always hashes
 * the same and any change to what an agent is told about the tool changes it.
 */
export function toolDefinitionHash(tool: ToolDefinition): string {
  const definition = {
    name: tool.name,
    description: tool.description ?? '',
    inputSchema: tool.inputSchema ?? {},
  };
  return `sha256:${createHash('sha256')
    .update(stringify(definition) ?? '')
    .digest('hex')}`;
}

/** A token's stand-in: never the token itself, a hash no one can present. */
export function tokenHash(token: string): string {
  return `sha256:${createHash('sha256').update(token).digest('hex').slice(0, 32)}`;
}
