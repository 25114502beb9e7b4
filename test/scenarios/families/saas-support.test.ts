import { describeFamily } from './family-traits';
import { SAAS_SUPPORT_FAMILY } from './saas-support';

describeFamily(SAAS_SUPPORT_FAMILY);
