import { api } from '../api/api.js';
import { cached } from '../api/cache.js';
import { useQuery } from '../api/useQuery.js';

/** The server's engine and version, shown in the footer. */
export function useHealth() {
  return useQuery(() => cached('health', () => api.health()), []);
}
