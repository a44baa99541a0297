import { packagePath } from '../../common/package-root';

/**
 * The bundled STEDI example's ruleset (quality-rules/stedi/<table>.dqdl). Never a default: the
 * STEDI pipeline definition declares it (`rules:` in pipeline/stedi.pipeline.yaml), and tests of
 * the STEDI rules name it.
 */
export const STEDI_RULES_DIR = packagePath('quality-rules', 'stedi');
