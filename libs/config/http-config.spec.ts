import { DEFAULT_BODY_LIMIT_BYTES, loadHttpConfig } from './http-config';
import { loadLogConfig } from './log-config';

describe('loadHttpConfig', () => {
  const load = (env: NodeJS.ProcessEnv, nodeEnv: 'development' | 'production' | 'test' = 'production') =>
    loadHttpConfig(env, nodeEnv);

  it('has CORS and proxy trust off, a 256 KiB body limit and hourly housekeeping by default', () => {
    expect(load({})).toEqual({
      corsOrigins: [],
      trustProxy: false,
      bodyLimitBytes: DEFAULT_BODY_LIMIT_BYTES,
      housekeepingIntervalSeconds: 3600,
    });
    expect(DEFAULT_BODY_LIMIT_BYTES).toBe(262144);
  });

  describe('CORS_ORIGINS', () => {
    it('takes a comma-separated list of exact origins', () => {
      expect(load({ CORS_ORIGINS: ' https://a.gov.vn, http://localhost:5173 ,https://a.gov.vn' }).corsOrigins).toEqual([
        'https://a.gov.vn',
        'http://localhost:5173',
      ]);
    });

    it('refuses anything that is not exactly an origin, and says what to write instead', () => {
      expect(() => load({ CORS_ORIGINS: 'https://a.gov.vn/' })).toThrow(/did you mean "https:\/\/a\.gov\.vn"/);
      expect(() => load({ CORS_ORIGINS: 'https://a.gov.vn/app' })).toThrow(/no path/);
      expect(() => load({ CORS_ORIGINS: 'a.gov.vn' })).toThrow(/not an exact origin/);
      expect(() => load({ CORS_ORIGINS: 'ftp://a.gov.vn' })).toThrow(/not an exact origin/);
      expect(() => load({ CORS_ORIGINS: 'HTTPS://A.GOV.VN' })).toThrow(/did you mean "https:\/\/a\.gov\.vn"/);
    });

    it('allows "*" on its own and only outside production', () => {
      expect(load({ CORS_ORIGINS: '*' }, 'development').corsOrigins).toBe('*');
      expect(() => load({ CORS_ORIGINS: '*' }, 'production')).toThrow(/refused in production/);
      expect(() => load({ CORS_ORIGINS: '*,https://a.gov.vn' }, 'development')).toThrow(/cannot be combined/);
    });
  });

  describe('API_TRUST_PROXY', () => {
    it('takes a hop count, names and addresses', () => {
      expect(load({ API_TRUST_PROXY: '1' }).trustProxy).toBe(1);
      expect(load({ API_TRUST_PROXY: '0' }).trustProxy).toBe(false);
      expect(load({ API_TRUST_PROXY: 'false' }).trustProxy).toBe(false);
      expect(load({ API_TRUST_PROXY: 'loopback, 10.0.0.0/8,fd00::/8, 192.0.2.10' }).trustProxy).toEqual([
        'loopback',
        '10.0.0.0/8',
        'fd00::/8',
        '192.0.2.10',
      ]);
    });

    it('refuses "true" (anyone could then choose their address) and anything it cannot read', () => {
      expect(() => load({ API_TRUST_PROXY: 'true' })).toThrow(/hop count|number of proxies/);
      expect(() => load({ API_TRUST_PROXY: 'proxy.example' })).toThrow(/"proxy\.example" is neither/);
      expect(() => load({ API_TRUST_PROXY: '10.0.0.0/33' })).toThrow(/neither/);
      expect(() => load({ API_TRUST_PROXY: '11' })).toThrow(/at most 10/);
    });
  });

  describe('API_BODY_LIMIT', () => {
    it('reads sizes with or without a unit', () => {
      expect(load({ API_BODY_LIMIT: '1mb' }).bodyLimitBytes).toBe(1048576);
      expect(load({ API_BODY_LIMIT: '512KB' }).bodyLimitBytes).toBe(524288);
      expect(load({ API_BODY_LIMIT: '65536' }).bodyLimitBytes).toBe(65536);
    });

    it('refuses units it does not know and sizes outside 1 KiB–16 MiB', () => {
      for (const value of ['1gb', '12 parsecs', '-5kb', '100', '17mb', '1.5mb']) {
        expect(() => load({ API_BODY_LIMIT: value })).toThrow(/API_BODY_LIMIT must be a size between 1kb and 16mb/);
      }
    });
  });

  it('reads API_HOUSEKEEPING_INTERVAL_SECONDS, 0 turning it off', () => {
    expect(load({ API_HOUSEKEEPING_INTERVAL_SECONDS: '0' }).housekeepingIntervalSeconds).toBe(0);
    expect(load({ API_HOUSEKEEPING_INTERVAL_SECONDS: '900' }).housekeepingIntervalSeconds).toBe(900);
    expect(() => load({ API_HOUSEKEEPING_INTERVAL_SECONDS: 'hourly' })).toThrow(/0 \(off\)/);
  });
});

describe('loadLogConfig', () => {
  it('logs JSON at info in production and pretty lines elsewhere, unless told otherwise', () => {
    expect(loadLogConfig({ NODE_ENV: 'production' })).toEqual({ format: 'json', level: 'info' });
    expect(loadLogConfig({})).toEqual({ format: 'pretty', level: 'info' });
    expect(loadLogConfig({ NODE_ENV: 'production', LOG_FORMAT: 'pretty', LOG_LEVEL: 'DEBUG' })).toEqual({
      format: 'pretty',
      level: 'debug',
    });
  });

  it('refuses a level it does not know, listing the ones it does', () => {
    expect(() => loadLogConfig({ LOG_LEVEL: 'loud' })).toThrow(
      'LOG_LEVEL must be one of error, warn, info, debug, verbose',
    );
  });
});
