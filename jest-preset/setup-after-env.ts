// setupFilesAfterEnv of the preset: the data-quality matchers on `expect`, and this test file's
// shared-harness client closed after its last test.
import '../quality-rules/jest-matchers';
import { closeSharedHarness } from './shared-client';

afterAll(closeSharedHarness);
