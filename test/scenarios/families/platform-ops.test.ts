import { describeFamily } from './family-traits';
import { PLATFORM_OPS_FAMILY } from './platform-ops';

describeFamily(PLATFORM_OPS_FAMILY);
