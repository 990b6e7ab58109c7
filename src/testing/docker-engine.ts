import { existsSync } from 'node:fs';
import { request } from 'node:http';

/** Where the Docker engine API is expected: DOCKER_HOST (unix://, npipe://, tcp://) or the default socket. */
function dockerTarget(): { socketPath: string } | { host: string; port: number } | undefined {
  const dockerHost = process.env.DOCKER_HOST?.trim();
  if (dockerHost) {
    if (dockerHost.startsWith('unix://')) return { socketPath: dockerHost.slice('unix://'.length) };
    if (dockerHost.startsWith('npipe://'))
      return { socketPath: dockerHost.slice('npipe://'.length).replace(/\//g, '\\') };
    const tcp = /^(?:tcp|http):\/\/([^:/]+)(?::(\d+))?/.exec(dockerHost);
    if (tcp) return { host: tcp[1], port: tcp[2] ? Number(tcp[2]) : 2375 };
    return undefined;
  }
  if (process.platform === 'win32') return { socketPath: '\\\\.\\pipe\\docker_engine' };
  return existsSync('/var/run/docker.sock') ? { socketPath: '/var/run/docker.sock' } : undefined;
}

/** True when a Docker engine answers `GET /_ping` within `timeoutMs`. Never throws. */
export function dockerEngineAnswers(timeoutMs = 2_000): Promise<boolean> {
  const target = dockerTarget();
  if (!target) return Promise.resolve(false);
  return new Promise((resolve) => {
    const req = request({ ...target, path: '/_ping', method: 'GET', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(false));
    req.end();
  });
}
