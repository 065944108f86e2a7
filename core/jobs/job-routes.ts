import type { Route } from '../api/router.js';
import type { JobManager } from './job-manager.js';

export function jobRoutes(jobs: JobManager): Route[] {
  return [
    { method: 'GET', path: '/api/jobs', flavour: 'api', handler: () => ({ jobs: jobs.list() }) },
    { method: 'GET', path: '/api/jobs/:id', flavour: 'api', handler: (context) => ({ job: jobs.get(context.params.id) }) },
    { method: 'POST', path: '/api/jobs/:id/cancel', flavour: 'api', handler: (context) => ({ job: jobs.cancel(context.params.id) }) },
    {
      // Server-sent events: EventSource cannot send headers, hence the token in the query.
      method: 'GET',
      path: '/api/jobs/:id/events',
      flavour: 'api',
      tokenInQuery: true,
      handler: (context) => {
        jobs.get(context.params.id); // 404 before the stream starts
        const response = context.response;
        response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
        const unsubscribe = jobs.subscribe(
          context.params.id,
          (event) => response.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`),
          () => {
            response.write('event: end\ndata: {}\n\n');
            response.end();
          },
        );
        // The response's close, not the request's: a GET request closes as soon as it is read.
        context.response.on('close', unsubscribe);
      },
    },
  ];
}
