/**
 * Payload keys of the test runs. TEST ONLY: they are committed, so they protect nothing. The replay fixtures
 * (test/fixtures/histories) were recorded encrypted under TEST_PAYLOAD_KEY_ID, and the replay test decodes them
 * with it.
 */
export const TEST_PAYLOAD_KEY_ID = 'test-only-2026';
export const TEST_PAYLOAD_KEY_BASE64 = Buffer.from('test-only-payload-key-never-real', 'utf8').toString('base64');
export const TEST_PAYLOAD_KEYS = `${TEST_PAYLOAD_KEY_ID}:${TEST_PAYLOAD_KEY_BASE64}`;

/** A second key, for the rotation test. */
export const TEST_ROTATED_KEY_ID = 'test-only-2027';
export const TEST_ROTATED_KEY_BASE64 = Buffer.from('test-only-rotated-key-never-real', 'utf8').toString('base64');
