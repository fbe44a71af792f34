import { FakeServer, type RecordedRequest, type Reply } from './fake-server.js';

/** One span as an OTLP collector receives it, with the `service.name` of the process that sent it. */
export type CollectedSpan = {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  links: Array<{ traceId: string; spanId: string }>;
  attributes: Record<string, unknown>;
};

type OtlpValue = { stringValue?: string; intValue?: string | number; boolValue?: boolean; doubleValue?: number };
type OtlpAttribute = { key: string; value: OtlpValue };
type OtlpSpan = Omit<CollectedSpan, 'service' | 'attributes' | 'links' | 'parentSpanId'> & {
  parentSpanId?: string;
  links?: Array<{ traceId: string; spanId: string }>;
  attributes?: OtlpAttribute[];
};
type OtlpRequest = {
  resourceSpans?: Array<{ resource?: { attributes?: OtlpAttribute[] }; scopeSpans?: Array<{ spans?: OtlpSpan[] }> }>;
};

const plain = (v: OtlpValue) => v.stringValue ?? v.intValue ?? v.boolValue ?? v.doubleValue;
const attributesOf = (list: OtlpAttribute[] = []) => Object.fromEntries(list.map((a) => [a.key, plain(a.value)]));

/**
 * A local OpenTelemetry collector: OTLP over HTTP with JSON bodies (`OTEL_EXPORTER_OTLP_PROTOCOL=http/json`),
 * `POST /v1/traces` as the OTLP specification describes it. It keeps every span it received, in memory.
 */
export class FakeOtlp extends FakeServer {
  readonly spans: CollectedSpan[] = [];

  constructor() {
    super();
    this.route('POST', '/v1/traces', (req) => this.traces(req));
  }

  private traces(req: RecordedRequest): Reply {
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json'))
      return this.refuse(req, { status: 415, body: { message: 'only application/json is taken here' } });
    for (const rs of (req.body as OtlpRequest).resourceSpans ?? []) {
      const service = String(attributesOf(rs.resource?.attributes)['service.name'] ?? '');
      for (const ss of rs.scopeSpans ?? [])
        for (const s of ss.spans ?? [])
          this.spans.push({
            service,
            traceId: s.traceId,
            spanId: s.spanId,
            parentSpanId: s.parentSpanId ?? '',
            name: s.name,
            kind: s.kind,
            links: (s.links ?? []).map((l) => ({ traceId: l.traceId, spanId: l.spanId })),
            attributes: attributesOf(s.attributes),
          });
    }
    return { status: 200, body: {} };
  }

  /** The spans of one trace. */
  trace(traceId: string): CollectedSpan[] {
    return this.spans.filter((s) => s.traceId === traceId);
  }
}
