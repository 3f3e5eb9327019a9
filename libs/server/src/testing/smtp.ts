/** Test-only: a real SMTP server on a free local port that keeps what it receives. */
import { SMTPServer } from 'smtp-server';

export interface ReceivedEmail {
  to: string[];
  raw: string;
  /** Body with quoted-printable soft breaks and escapes decoded. */
  text: string;
}

export interface TestSmtp {
  url: string;
  messages: ReceivedEmail[];
  /**
   * From now on (or once it has accepted `afterAccepting` messages), keep each further message waiting before the server accepts it (the sender sees
   * no reply); `release` answers them, and forgets those whose sender has gone meanwhile: a message
   * is only received once the server has accepted it.
   */
  hold(afterAccepting?: number): void;
  release(): void;
  /** Messages waiting for acceptance. */
  held(): number;
  stop(): Promise<void>;
}

function decodeQuotedPrintable(raw: string): string {
  return raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * `port`: listen there (to bring a stopped server back at the same address); `messages`: keep
 * appending to these; `rejectRecipients`: refuse these addresses permanently.
 */
export async function startSmtp(options: { port?: number; messages?: ReceivedEmail[]; rejectRecipients?: RegExp } = {}): Promise<TestSmtp> {
  const messages: ReceivedEmail[] = options.messages ?? [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // Stopping is an outage: open (pooled) client connections are dropped with a 421 at once,
    // rather than after the default 30 s of waiting for them to quit.
    closeTimeout: 100,
    onRcptTo(address, _session, callback) {
      // A mailbox that does not exist: a permanent (5xx) refusal.
      if (options.rejectRecipients?.test(address.address)) callback(Object.assign(new Error('No such mailbox'), { responseCode: 550 }));
      else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const accept = () => {
          messages.push({ to: session.envelope.rcptTo.map((r) => r.address), raw, text: decodeQuotedPrintable(raw) });
          callback();
        };
        if (holding || (holdAfter !== null && messages.length >= holdAfter)) waiting.push({ session: session.id, accept });
        else accept();
      });
    },
    onClose(session, callback) {
      closed.add(session.id);
      callback?.();
    },
  });
  let holding = false;
  let holdAfter: number | null = null;
  let waiting: { session: string; accept: () => void }[] = [];
  const closed = new Set<string>();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as { port: number };
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    hold: (afterAccepting) => {
      if (afterAccepting === undefined) holding = true;
      else holdAfter = afterAccepting;
    },
    release: () => {
      holding = false;
      holdAfter = null;
      for (const w of waiting) if (!closed.has(w.session)) w.accept();
      waiting = [];
    },
    held: () => waiting.filter((w) => !closed.has(w.session)).length,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
