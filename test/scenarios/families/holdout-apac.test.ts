import { describeFamily } from './family-traits';
import { HOLDOUT_APAC_FAMILY } from './holdout-apac';

describeFamily(HOLDOUT_APAC_FAMILY);
