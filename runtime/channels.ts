// The notification channels' clients, built from the configuration: each channel is off (null)
// while its credentials are unset.
import { WebClient, LogLevel } from '@slack/web-api';
import { Client as HubSpotClient } from '@hubspot/api-client';
import type { Config } from './config.js';
import { slackClientOptions } from '../activities/notifications/slack.js';

export function slackClient(token: string | undefined, apiUrl?: string): WebClient | null {
  return token ? new WebClient(token, { ...slackClientOptions(apiUrl), logLevel: LogLevel.ERROR }) : null;
}

/** No retries inside the client: Temporal's retry policy owns them (and honours Retry-After). */
export function hubspotClient(accessToken: string | undefined, basePath?: string): HubSpotClient | null {
  return accessToken ? new HubSpotClient({ accessToken, ...(basePath ? { basePath } : {}), numberOfApiCallRetries: 0 }) : null;
}

export function channelsFromConfig(config: Pick<Config, 'SLACK_BOT_TOKEN' | 'SLACK_API_URL' | 'SLACK_CHANNEL' | 'HUBSPOT_ACCESS_TOKEN' | 'HUBSPOT_BASE_URL'>) {
  return {
    slack: slackClient(config.SLACK_BOT_TOKEN, config.SLACK_API_URL),
    slackTeamChannel: config.SLACK_CHANNEL ?? null,
    hubspot: hubspotClient(config.HUBSPOT_ACCESS_TOKEN, config.HUBSPOT_BASE_URL),
  };
}
