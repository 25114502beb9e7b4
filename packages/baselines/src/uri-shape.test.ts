import { describe, expect, it } from 'vitest';
import { uriShape, uriShapeFingerprint } from './uri-shape';

describe('uriShape', () => {
  it('gives two ticket ids the same shape', () => {
    expect(uriShape('ticket://T-48213')).toBe('ticket://T-{n}');
    expect(uriShape('ticket://T-10007')).toBe(uriShape('ticket://T-48213'));
  });

  it('generalizes numeric, uuid, hex and long ids in path segments', () => {
    expect(uriShape('crm://accounts/0012345')).toBe('crm://accounts/{n}');
    expect(uriShape('crm://accounts/3f2b8c1e-9d4a-4b7e-8f00-1a2b3c4d5e6f/notes')).toBe(
      'crm://accounts/{uuid}/notes',
    );
    expect(uriShape('git://repo/commits/9fceb02d0ae598e9')).toBe('git://repo/commits/{hex}');
    expect(uriShape('sf://Account/0015g00000XyZabAAB')).toBe('sf://Account/{id}');
  });

  it('keeps a new scheme and a new path layout distinct', () => {
    expect(uriShape('secrets://vault/db-password')).not.toBe(uriShape('ticket://T-1'));
    expect(uriShape('crm://accounts/17/exports')).not.toBe(uriShape('crm://accounts/17'));
  });

  it('drops the query and fragment and lower-cases the scheme', () => {
    expect(uriShape('CRM://accounts/17?fields=all#top')).toBe('crm://accounts/{n}');
  });

  it('generalizes colon-separated names without a scheme separator', () => {
    expect(uriShape('urn:isbn:9780140449136')).toBe('urn:isbn:{n}');
  });

  it('fingerprints URIs of one shape alike and of different shapes apart', () => {
    const uris = [
      'ticket://T-48213',
      'TICKET://T-7',
      'ticket://T-7/notes',
      'crm://accounts/3f2b8c1e-9d4a-4b7e-8f00-1a2b3c4d5e6f',
      'crm://accounts/3F2B8C1E-9D4A-4B7E-8F00-1A2B3C4D5E6F?x=1',
      'git://repo/commits/9fceb02d0ae598e9',
      'sf://Account/0015g00000XyZabAAB',
      'urn:isbn:9780140449136',
      'ÄBC://x/1',
      'äbc://x/2',
    ];
    for (const a of uris) {
      for (const b of uris) {
        const sameShape = uriShape(a) === uriShape(b);
        expect(uriShapeFingerprint(a) === uriShapeFingerprint(b)).toBe(sameShape);
      }
    }
  });
});

describe('uriShape: generated tokens inside names', () => {
  it('generalizes Kubernetes pod and ReplicaSet suffixes', () => {
    expect(uriShape('k8s://ns/prod-3/pods/notifier-jptkcccqfs-ctjrr/logs')).toBe(
      'k8s://ns/prod-{n}/pods/notifier-{id}-{id}/logs',
    );
    expect(uriShape('k8s://ns/prod/pods/db-x2kqp')).toBe('k8s://ns/prod/pods/db-{id}');
  });

  it('generalizes base62 keys without digits, but not camel-case names or versions', () => {
    expect(uriShape('stripe://v1/invoices/in_NEgMJctYYOhGDMKWEHecXJKL')).toBe(
      'stripe://v{n}/invoices/in_{id}',
    );
    expect(uriShape('file:///src/components/CartPanelSummary.tsx')).toBe(
      'file:///src/components/CartPanelSummary.tsx',
    );
    expect(uriShape('k8s://apis/apps/v1beta1/deployments')).toBe(
      'k8s://apis/apps/v{n}beta{n}/deployments',
    );
  });
});
