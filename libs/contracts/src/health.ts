/** Shape of GET /api/health (the @nestjs/terminus format plus the queue when it is switched off). */
export interface HealthResponse {
  status: 'ok' | 'error' | 'shutting_down';
  info?: Record<string, HealthComponent>;
  error?: Record<string, HealthComponent>;
  details: Record<string, HealthComponent>;
}

export interface HealthComponent {
  status: 'up' | 'down' | 'unavailable';
  message?: string;
  [key: string]: unknown;
}
