import { formatMetricsAddress, metricsAddressFrom } from './metrics-config';

describe('metricsAddressFrom', () => {
  it('is off when unset or empty', () => {
    expect(metricsAddressFrom({}, 'API_METRICS_ADDRESS')).toBeNull();
    expect(metricsAddressFrom({ API_METRICS_ADDRESS: ' ' }, 'API_METRICS_ADDRESS')).toBeNull();
  });

  it('reads host:port, [ipv6]:port and a bare port (loopback)', () => {
    expect(metricsAddressFrom({ X: '0.0.0.0:9464' }, 'X')).toEqual({ host: '0.0.0.0', port: 9464 });
    expect(metricsAddressFrom({ X: '[::1]:9465' }, 'X')).toEqual({ host: '[::1]', port: 9465 });
    expect(metricsAddressFrom({ X: '9464' }, 'X')).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(formatMetricsAddress({ host: 'worker', port: 9465 })).toBe('worker:9465');
  });

  it('refuses anything else, naming the variable', () => {
    for (const bad of ['http://x:1', 'x:0', 'x:70000', 'x:', ':9464', 'a b:1']) {
      expect(() => metricsAddressFrom({ WORKER_METRICS_ADDRESS: bad }, 'WORKER_METRICS_ADDRESS')).toThrow(
        /^WORKER_METRICS_ADDRESS must be host:port/,
      );
    }
  });
});
