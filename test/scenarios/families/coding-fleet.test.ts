import { describeFamily } from './family-traits';
import { CODING_FLEET_FAMILY } from './coding-fleet';

describeFamily(CODING_FLEET_FAMILY);
