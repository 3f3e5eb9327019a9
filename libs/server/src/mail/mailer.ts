import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

export interface Email {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly headers?: Record<string, string>;
}

/**
 * Sends email over SMTP with nodemailer. Without SMTP_URL (local development) messages are
 * written to the log instead, so invitation links can still be followed.
 */
@Injectable()
export class Mailer implements OnModuleDestroy {
  private readonly logger = new Logger('Mailer');
  private readonly transport: Transporter | null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    // Pooled: a busy minute's reminders reuse open SMTP connections instead of a handshake per
    // message, as many as the sends one process makes at once. The URL's own `pool` or
    // `maxConnections` parameters, when given, take precedence.
    this.transport = config.mail.smtpUrl ? createTransport({ url: config.mail.smtpUrl, pool: true, maxConnections: config.reminders.emailSendConcurrency }) : null;
  }

  async send(email: Email): Promise<void> {
    if (!this.transport) {
      this.logger.warn(`No SMTP_URL: email to ${email.to} not sent. Subject: ${email.subject}\n${email.text}`);
      return;
    }
    await this.transport.sendMail({ from: this.config.mail.from, to: email.to, subject: email.subject, text: email.text, html: email.html, headers: email.headers });
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}

/** Minimal HTML escaping for the few values interpolated into email bodies. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}
