import { generateScenario } from '../generate';
import type { Scenario, ScenarioOptions } from '../scenario';
import { CODING_FLEET_FAMILY } from './coding-fleet';
import type { Family } from './family';
import { HOLDOUT_APAC_FAMILY } from './holdout-apac';
import { PLATFORM_OPS_FAMILY } from './platform-ops';
import { SAAS_SUPPORT_FAMILY } from './saas-support';
import { TEAM_FAMILY } from './team';

export type { Family } from './family';

/** Every fleet family, the team's own first and the holdout last. */
export const FAMILIES: readonly Family[] = [
  TEAM_FAMILY,
  PLATFORM_OPS_FAMILY,
  SAAS_SUPPORT_FAMILY,
  CODING_FLEET_FAMILY,
  HOLDOUT_APAC_FAMILY,
];

export function familyNamed(name: string): Family {
  const family = FAMILIES.find((f) => f.name === name);
  if (!family) {
    throw new Error(`no family ${name}; known: ${FAMILIES.map((f) => f.name).join(', ')}`);
  }
  return family;
}

/** A family's stream at its default size, with any options overridden (a seed, fewer days). */
export function generateFamily(family: Family, overrides: Partial<ScenarioOptions> = {}): Scenario {
  return generateScenario({ ...family.defaults, ...overrides }, family);
}
