import { describe, expect, it, vi } from 'vitest';
import { ApiError, asFilterSyntaxError, parseErrorEnvelope } from './api-error';
import { ApiClient } from './client';

describe('parseErrorEnvelope', () => {
  it('reads code, message and details from the /api envelope', () => {
    const body = JSON.stringify({
      error: { code: 'INVALID_PARAMETER_VALUE', message: 'Expected a comparison', details: { position: 12, expected: 'operator' } },
    });
    const error = parseErrorEnvelope(400, 'Bad Request', body);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(400);
    expect(error.code).toBe('INVALID_PARAMETER_VALUE');
    expect(error.message).toBe('Expected a comparison');
    expect(error.details).toEqual({ position: 12, expected: 'operator' });
  });

  it('accepts MLflow’s flat envelope', () => {
    const error = parseErrorEnvelope(404, 'Not Found', JSON.stringify({ error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'No run' }));
    expect(error.code).toBe('RESOURCE_DOES_NOT_EXIST');
    expect(error.message).toBe('No run');
  });

  it('falls back to the status line for HTML or empty bodies', () => {
    expect(parseErrorEnvelope(502, 'Bad Gateway', '<html>proxy</html>').message).toBe('502 Bad Gateway');
    expect(parseErrorEnvelope(500, '', '').message).toBe('Request failed with status 500');
  });

  it('keeps a short plain-text body as the message', () => {
    expect(parseErrorEnvelope(401, 'Unauthorized', 'missing token').message).toBe('missing token');
  });
});

describe('asFilterSyntaxError', () => {
  it('extracts the caret position and what was expected', () => {
    const error = new ApiError(400, 'INVALID_PARAMETER_VALUE', 'Unexpected end', { position: 7, expected: ['value', 'string'] });
    expect(asFilterSyntaxError(error)).toEqual({ message: 'Unexpected end', position: 7, expected: 'value, string' });
  });

  it('ignores errors that are not filter syntax errors', () => {
    expect(asFilterSyntaxError(new ApiError(500, 'INTERNAL_ERROR', 'boom'))).toBeNull();
    expect(asFilterSyntaxError(new ApiError(400, 'INVALID_PARAMETER_VALUE', 'bad name'))).toBeNull();
    expect(asFilterSyntaxError(new Error('x'))).toBeNull();
  });
});

describe('ApiClient', () => {
  const connection = { url: 'http://127.0.0.1:5410', token: 'secret' };

  it('sends the bearer token and reports envelope errors to the failure listener', async () => {
    const onFailure = vi.fn();
    const fetcher = vi.fn(async () =>
      new Response(JSON.stringify({ error: { code: 'RESOURCE_DOES_NOT_EXIST', message: 'Run abc not found' } }), {
        status: 404,
      }),
    );
    const client = new ApiClient(connection, onFailure, fetcher);
    await expect(client.get('/api/runs/abc')).rejects.toMatchObject({ status: 404, message: 'Run abc not found' });
    const [url, init] = fetcher.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('http://127.0.0.1:5410/api/runs/abc');
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer secret');
    expect(onFailure).toHaveBeenCalledWith(expect.objectContaining({ message: 'Run abc not found' }));
  });

  it('does not report errors the caller shows inline', async () => {
    const onFailure = vi.fn();
    const fetcher = async () =>
      new Response(JSON.stringify({ error: { code: 'INVALID_PARAMETER_VALUE', message: 'bad', details: { position: 3 } } }), {
        status: 400,
      });
    const client = new ApiClient(connection, onFailure, fetcher);
    await expect(client.post('/api/runs/search', {}, { handledInline: (error) => error.status === 400 })).rejects.toBeInstanceOf(
      ApiError,
    );
    expect(onFailure).not.toHaveBeenCalled();
  });

  it('turns a refused connection into a NETWORK_ERROR naming the core URL', async () => {
    const onFailure = vi.fn();
    const client = new ApiClient(connection, onFailure, async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(client.get('/api/info')).rejects.toMatchObject({ code: 'NETWORK_ERROR', status: 0 });
    expect(onFailure.mock.calls[0][0].message).toContain('http://127.0.0.1:5410');
  });

  it('puts the token in the query string of self-authorising URLs', () => {
    const client = new ApiClient(connection, () => {});
    const url = new URL(client.authorizedUrl('/api/runs/r1/artifacts/content', { path: 'plots/a b.png', download: undefined }));
    expect(url.searchParams.get('token')).toBe('secret');
    expect(url.searchParams.get('path')).toBe('plots/a b.png');
    expect(url.searchParams.has('download')).toBe(false);
  });
});
