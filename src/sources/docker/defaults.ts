/** The docker collector's defaults: what a library caller gets for an option left out, and the TOML table's defaults. */
import type { DockerOptions } from './index.js';

export const DOCKER_DEFAULTS: DockerOptions = {
  endpoint: 'unix:///var/run/docker.sock',
  include: [],
  exclude: [],
  labels: [],
  perContainer: true,
  concurrency: 4,
};
