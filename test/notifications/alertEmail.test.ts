// The alert email (and the digest, built from the same pieces): the five answers, the evidence in words (no raw JSON), a sparkline of the metric
// against its baseline drawn with table cells, every action link, escaping of whatever users wrote.
// Rendered once through the real path (alert row → outbox → the real @sendgrid/mail client → a
// local SendGrid-protocol server) from PostgreSQL data, and once in chromium for a screenshot
// (.data/test-output/web/alert-email.png; docs/screenshots/alert-email.png is a copy).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { renderAlertEmail, type AlertEmailInput } from '../../domain/notifications/alertEmail.js';
import { renderDigestEmail } from '../../domain/notifications/digestEmail.js';
import { mjmlRender, templateCompiles } from '../../domain/notifications/mjmlTemplate.js';
import { columnSegments, sparklineHtml } from '../../domain/notifications/sparkline.js';
import { chartSpecFor, evidenceInWords, leavesOf, severityInWords } from '../../domain/alerts/evidenceText.js';
import { createAlertEmailActivities } from '../../activities/notifications/alertEmails.js';
import { createSendGridMailer } from '../../activities/notifications/sendgridMailer.js';
import { installDefaultPack } from '../../services/rules/rules.js';
import { DEFAULT_RULE_PACK } from '../../domain/rules/defaultPack.js';
import { utcDay } from '../../domain/shared/day.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { startFakeSendGrid, type FakeSendGrid } from '../support/fakeSendGrid.js';
import { launchBrowser, screenshot } from '../support/browser.js';
import { insertAlert } from '../support/reportData.js';

const input: AlertEmailInput = {
  kind: 'notify',
  level: 0,
  alert: {
    id: 17,
    title: 'Seat usage at 95%',
    severity: 'high',
    ruleKey: 'seat-limit-90',
    payload: {
      what: 'Acme uses 95 of its 100 seats.',
      significance: 'They will hit the limit within a week; expansion worth about $12,000 ARR.',
      affected: 'Acme Corp, 95 active users.',
      action: 'Offer the 150-seat plan to the admin.',
      dueBy: 'Before Friday 2026-11-27.',
    },
    evidence: { seatsUsed: 95, seatLimit: 100 },
  },
  account: { id: 'acct_42', name: 'Acme Corp' },
  recipient: { name: 'Dana' },
  owner: { name: 'Sam' },
  links: {
    acknowledge: 'https://alerts.example.com/a/ack-token',
    dismiss: 'https://alerts.example.com/a/dismiss-token',
    snooze: 'https://alerts.example.com/a/snooze-token',
    open: 'https://alerts.example.com/app/alerts/17',
  },
  note: null,
};

const seatEvidence = { asOf: '2026-11-30', baseSeverity: 'medium', severityModifiers: ['renews within 90 days'], conditions: { seats: { op: '>=', value: 0.875, threshold: 0.8 } } };
const days = Array.from({ length: 30 }, (_, i) => utcDay(Date.UTC(2026, 10, 1) + i * 86_400_000));
const chart = { label: 'Active users a day', days, values: days.map((_, i) => (i < 16 ? 20 + (i % 3) : 11 + (i % 2))), reference: { value: 20, label: 'baseline 20 a day' } };

describe('the alert email, rendered', () => {
  test('the text answers the five questions and carries every link', async () => {
    const { text } = await renderAlertEmail(input);
    for (const answer of Object.values(input.alert.payload)) assert.ok(text.includes(answer), `text lacks ${answer}`);
    assert.ok(text.startsWith('Hi Dana,'), 'greets the recipient');
    for (const [label, url] of [['Acknowledge', input.links.acknowledge], ['Dismiss', input.links.dismiss], ['Snooze', input.links.snooze], ['Open in the app', input.links.open]]) {
      assert.ok(text.includes(`${label}: ${url}`), `text lacks the ${label} link`);
    }
    assert.ok(text.includes('Alert #17 (seat-limit-90)'), 'names the alert and rule');
    assert.ok(text.includes('  - Seats in use 95, seat limit 100'), `evidence without a known shape still reads as words: ${text}`);
    assert.ok(!(await renderAlertEmail(input)).html.includes('fonts.googleapis'), 'no web-font link');
  });

  test('the HTML carries the same answers, one button per action and the app link', async () => {
    const { html } = await renderAlertEmail(input);
    assert.match(html, /^<!doctype html>/i, 'a whole document');
    assert.match(html, /<title>\[HIGH\] Acme Corp: Seat usage at 95%<\/title>/, 'titled by the subject');
    for (const answer of Object.values(input.alert.payload)) assert.ok(html.includes(answer), `html lacks ${answer}`);
    for (const url of Object.values(input.links)) {
      assert.equal(html.split(`href="${url}"`).length - 1, 1, `exactly one link to ${url}`);
    }
    assert.ok(!/[{]"/.test(html) && !html.includes('baseSeverity'), 'no raw JSON in the HTML');
  });

  test('subject: severity and account, with the escalation level when escalated', async () => {
    assert.equal((await renderAlertEmail(input)).subject, '[HIGH] Acme Corp: Seat usage at 95%');
    const escalated = await renderAlertEmail({ ...input, kind: 'escalation', level: 2, note: 'Second reminder' });
    assert.equal(escalated.subject, '[Escalated L2] [HIGH] Acme Corp: Seat usage at 95%');
    assert.ok(escalated.text.includes('not been acknowledged by Sam within its SLA'), 'says whose SLA ran out');
    assert.ok(escalated.text.includes('Second reminder'), 'carries the note');
    assert.ok(escalated.html.includes('escalated, level 2'), 'the HTML header says it is escalated');
    const ownerless = await renderAlertEmail({ ...input, kind: 'escalation', level: 1, owner: null });
    assert.ok(ownerless.text.includes('has not been acknowledged within its SLA'), 'no owner named when there is none');
    const named = await renderAlertEmail({ ...input, alert: { ...input.alert, title: 'Acme Corp: seats nearly full' } });
    assert.equal(named.subject, '[HIGH] Acme Corp: seats nearly full', 'a title that names the account is not prefixed again');
  });

  test('the HTML escapes what came from users: account name, payload, links', async () => {
    const hostile = await renderAlertEmail({
      ...input,
      account: { id: 'x', name: '<script>alert("acct")</script> & Co' },
      alert: { ...input.alert, title: '<img src=x onerror=alert(1)>', payload: { ...input.alert.payload, what: '<script>alert("x")</script> & more' } },
      recipient: { name: '<b>Dana</b>' },
      links: { ...input.links, dismiss: 'https://alerts.example.com/a/t?x=1&y="2"' },
      context: { chart: { ...chart, label: '<script>chart</script>' } },
    });
    assert.ok(!/<script|<img|<b>Dana/i.test(hostile.html), 'no markup from users survives');
    assert.ok(hostile.html.includes('&lt;script&gt;alert(&quot;acct&quot;)&lt;/script&gt; &amp; Co'), 'the account name is escaped');
    assert.ok(hostile.html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more'), 'the payload is escaped');
    assert.ok(hostile.html.includes('href="https://alerts.example.com/a/t?x=1&amp;y=&quot;2&quot;"'), 'the link is escaped in its attribute');
    // Plain text is not HTML: it stays as written.
    assert.ok(hostile.text.includes('<script>alert("x")</script> & more'), 'the text part keeps the words as written');
  });

  test('the evidence reads in words and numbers, with the severity and why', async () => {
    const limits = { seatLimit: 40, apiLimit: null, storageLimit: null };
    const leaves = { seats: { kind: 'threshold', measure: 'seatUtilization' } };
    assert.deepEqual(evidenceInWords(seatEvidence, leaves, limits), [{ name: 'seats', text: '87.5 % of 40 seats in use (35); alerts at 80 %' }]);
    assert.equal(severityInWords('high', seatEvidence), 'High: raised from medium (renews within 90 days)');
    assert.equal(severityInWords('low', { baseSeverity: 'low' }), 'Low');
    const trend = { conditions: { drop: { value: 12, baseline: 20, change: -0.4, threshold: -0.4, market: -0.02, excess: -0.38 } } };
    assert.equal(
      evidenceInWords(trend, { drop: { kind: 'trend', metric: 'activeUsers' } })[0]!.text,
      'Active users: 12 a day lately against 20 before, down 40 %; similar accounts moved down 2 %, so 38 % below them; alerts at a 40 % drop',
    );
    assert.equal(evidenceInWords({ metric: 'wau', value: 12, baseline: 20 })[0]!.text, 'Weekly active users: 12 against a baseline of 20 (down 40 %)');
    assert.equal(evidenceInWords({ metric: 'wau', value: 12, baseline: 20, threshold: -0.33 })[0]!.text, 'Weekly active users: 12 against a baseline of 20 (down 40 %); alerts at a 33 % drop');
    const { text, html } = await renderAlertEmail({ ...input, alert: { ...input.alert, evidence: seatEvidence }, context: { leaves, limits } });
    assert.ok(text.includes('Severity: High: raised from medium (renews within 90 days)'), text);
    assert.ok(text.includes('  - 87.5 % of 40 seats in use (35); alerts at 80 %'), text);
    assert.ok(html.includes('87.5 % of 40 seats in use (35); alerts at 80 %'), 'the HTML has the same words');
    assert.ok(!text.includes('{"') && !text.includes('baseSeverity'), `no raw JSON in the text: ${text}`);
  });

  test('guards are left out; a leaf under `not` says so and drops its own firing point', () => {
    const rule = DEFAULT_RULE_PACK.find((r) => r.key === 'usage_drop')!;
    const leaves = leavesOf(rule.condition);
    assert.equal(leaves.drop?.metric, 'activeUsers', 'nested leaves are found (inside persistent)');
    assert.equal(leaves.recovery?.negated, true, 'the recovery leaf is under a not');
    const lines = evidenceInWords(
      { conditions: { age: { value: 400, op: '>=', threshold: 120 }, recovery: { value: 5, baseline: 5, change: 0, threshold: 0.1 } } },
      leaves,
    );
    assert.deepEqual(lines.map((l) => l.name), ['recovery'], 'the age guard is not evidence');
    assert.equal(lines[0]!.text, 'Active users: 5 a day lately against 5 before, up 0 % (the rule looks for this not to hold)');
    assert.deepEqual(chartSpecFor({ conditions: { drop: { value: 12, baseline: 20, change: -0.4 } } }, leaves), {
      field: 'activeUsers',
      label: 'Active users a day',
      reference: { value: 20, label: 'baseline 20 a day' },
    });
  });

  test('the sparkline: one column a day, bars to scale, the reference line where it crosses', () => {
    for (const [bar, ref] of [[40, 20], [10, 30], [0, 30], [30, null]] as const) {
      const segs = columnSegments(bar, ref, 64);
      assert.equal(segs.reduce((a, [h]) => a + h, 0), 64, `column ${bar}/${ref} fills the height`);
      assert.equal(segs.filter(([, k]) => k === 'bar').reduce((a, [h]) => a + h, 0) + (ref !== null && bar > ref ? 2 : 0), bar, `bar ${bar} drawn to its height`);
      assert.equal(segs.some(([, k]) => k === 'line'), ref !== null, 'the line only with a reference');
    }
    const html = sparklineHtml(chart)!;
    assert.equal(html.match(/<td valign="bottom"/g)?.length, 30, 'thirty day columns');
    assert.match(html, /aria-label="Active users a day, last 30 days: 12 on 2026-11-30 \(low 11, high 22\); the red line is baseline 20 a day"/);
    assert.equal(sparklineHtml({ ...chart, values: chart.values.map(() => null) }), null, 'nothing to draw, no chart');
  });
});

describe('the alert email from compiled templates', () => {
  // Values that could tell a template from MJML: edges MJML trims, empties that change the markup,
  // String.replace patterns, a value that looks like the template's own marker, markup and entities.
  const nasty = ' $& $1 $$ $` __ua_mjml_slot_0__ <!--[if mso]><b>x</b><![endif]--> &amp; "q" \'a\'  two  spaces\n';
  const variants: Array<[string, AlertEmailInput]> = [
    ['as rendered in the tests above', input],
    ['every value hostile, with a chart and a note', {
      ...input,
      alert: {
        ...input.alert,
        id: 90210,
        title: nasty,
        ruleKey: nasty,
        payload: { what: nasty, significance: nasty, affected: '', action: `  ${nasty}`, dueBy: 'ünïcödé 🚨' },
        evidence: { asOf: '2026-11-30', baseSeverity: 'low', severityModifiers: [nasty], conditions: { seats: { op: '>=', value: 0.9, threshold: 0.8 } } },
      },
      account: { id: 'x', name: nasty },
      recipient: { name: nasty },
      owner: { name: nasty },
      links: { acknowledge: `https://x.test/a?${nasty}`, dismiss: 'https://x.test/d?a=1&b="2"', snooze: 'https://x.test/s', open: `https://x.test/o/${nasty}` },
      note: nasty,
      context: { leaves: { seats: { kind: 'threshold', measure: 'seatUtilization' } }, limits: { seatLimit: 40, apiLimit: null, storageLimit: null }, chart: { ...chart, label: nasty } },
    }],
    ['escalated, no owner, no app link, empty preview, title all blanks', {
      ...input,
      kind: 'escalation',
      level: 3,
      owner: null,
      alert: { ...input.alert, severity: 'critical', title: ' \t ', payload: { ...input.alert.payload, what: '   ' } },
      links: { acknowledge: input.links.acknowledge, dismiss: input.links.dismiss, snooze: input.links.snooze },
    }],
    ['low severity, empty note, no evidence', { ...input, alert: { ...input.alert, severity: 'low', evidence: {} }, note: '' }],
  ];

  for (const [name, variant] of variants) {
    test(`the same HTML as MJML itself: ${name}`, async () => {
      const fast = await renderAlertEmail(variant);
      const reference = await renderAlertEmail(variant, mjmlRender);
      assert.equal(fast.html, reference.html, 'the template filled gives what MJML compiles');
      assert.equal(fast.text, reference.text, 'the text part does not depend on the render');
    });
  }

  test('one compile per shape of email, not per email', async () => {
    const shape = (id: number): AlertEmailInput => ({ ...input, alert: { ...input.alert, id, title: `Title ${id} <&>` }, account: { id: `a${id}`, name: `Account ${id}` }, recipient: { name: `R${id}` } });
    await renderAlertEmail(shape(1));
    const before = templateCompiles();
    const [a, b] = await Promise.all([renderAlertEmail(shape(2)), renderAlertEmail(shape(3))]);
    assert.equal(templateCompiles(), before, 'alerts of one shape reuse its compiled template');
    assert.ok(a.html.includes('Title 2 &lt;&amp;&gt;') && b.html.includes('Title 3 &lt;&amp;&gt;'), 'each email carries its own values, escaped');
    await renderAlertEmail({ ...shape(4), note: 'a note' });
    assert.equal(templateCompiles(), before + 1, 'a note is another shape, compiled once');
  });
});

describe('the digest email, rendered with the same pieces', () => {
  test('each alert with its answers, its three action buttons and its app link; names escaped', async () => {
    const item = (id: number, accountName: string) => ({
      id,
      title: `Alert ${id}`,
      severity: 'medium' as const,
      accountName,
      payload: input.alert.payload,
      links: { acknowledge: `https://x.test/a${id}`, dismiss: `https://x.test/d${id}`, snooze: `https://x.test/s${id}`, app: `https://x.test/app/alerts/${id}` },
    });
    const { subject, text, html } = await renderDigestEmail({ date: '2026-12-01', recipient: { name: 'Dana' }, items: [item(1, 'Initech'), item(2, '<script>x</script> Hooli')] });
    assert.equal(subject, 'Your alert digest for 2026-12-01: 2 alerts');
    for (const id of [1, 2]) {
      for (const url of Object.values(item(id, '').links)) assert.equal(html.split(`href="${url}"`).length - 1, 1, `one link to ${url}`);
      assert.ok(text.includes(`Open in the app: https://x.test/app/alerts/${id}`), 'the text part keeps the app link');
    }
    assert.ok(!html.includes('<script>x') && html.includes('&lt;script&gt;x&lt;/script&gt; Hooli'), 'the account name is escaped');
  });
});

describe('the alert email through the outbox and SendGrid, from the database', () => {
  let database: TestDatabase;
  let sendgrid: FakeSendGrid;
  let browser: Browser;

  before(async () => {
    database = await createTestDatabase();
    sendgrid = await startFakeSendGrid();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await sendgrid?.close();
    await database?.drop();
  });

  test('an alert from a rule: words from the rule\'s leaves and the account\'s limits, the chart from its daily metrics', async () => {
    const { db } = database;
    await installDefaultPack(db, 'test');
    await db('team_members').insert({ id: 'csm', name: 'Cleo CSM', email: 'cleo@vendor.test', role: 'csm' });
    await db('accounts').insert({ id: 'acme', name: '<script>alert(1)</script> Acme', owner_id: 'csm', seat_limit: 40, arr_cents: 12_000_000 });
    const asOf = '2026-11-30';
    // 30 days of active users: about 20 a day, then 12 for the last two weeks.
    await db('daily_account_metrics').insert(
      Array.from({ length: 30 }, (_, i) => ({ account_id: 'acme', day: utcDay(Date.UTC(2026, 10, 1) + i * 86_400_000), active_users: i < 16 ? 20 + (i % 3) : 12 - (i % 2), logins: 30, health_score: 60 })),
    );
    const id = await insertAlert(db, {
      rule: 'usage_drop',
      account: 'acme',
      owner: 'csm',
      severity: 'high',
      category: 'risk',
      title: 'Usage dropped',
      status: 'notified',
      firedAt: `${asOf}T12:00:00Z`,
      evidence: {
        asOf,
        baseSeverity: 'medium',
        severityModifiers: ['ARR of $100k or more'],
        conditions: {
          weeks: { held: 4, checks: 4, atLeast: 4, everyDays: 7 },
          drop: { value: 12.4, baseline: 20.6, change: -0.398, threshold: -0.4, market: -0.01, excess: -0.388 },
          core: { value: 30, baseline: 61, change: -0.5082, threshold: -0.4, market: 0.02, excess: -0.5282 },
          confirmed: { score: 7, atLeast: 5, factors: { fewerPeople: { weight: 2, held: true, points: 2 }, keyUsersQuiet: { weight: 2, held: true, points: 2 }, notRecovering: { weight: 1, held: true, points: 1 }, lessWork: { weight: 2, held: true, points: 2 } } },
          quiet: { users: ['ana@acme.test', 'bo@acme.test'], count: 2, keyUsers: 3, days: 28 },
          history: { value: 200, op: '>=', threshold: 91 },
        },
      },
      payload: {
        what: 'Daily active users at Acme average 12.4 over the last 2 weeks against 20.6 in the 8 weeks before.',
        significance: 'Severity high: a sustained drop in logins is the earliest sign of churn.',
        affected: 'The account\'s users and the renewal.',
        action: 'Contact the champion to find the cause and agree on a recovery plan.',
        dueBy: 'within 3 business days',
      },
    });
    const mailer = createSendGridMailer({ apiKey: sendgrid.apiKey, baseUrl: sendgrid.baseUrl, from: 'alerts@vendor.test' });
    const activities = createAlertEmailActivities({ db, mailer, publicUrl: 'http://app.test', actionSecret: 'secret-0123456789', actionLinkTtlMs: 86_400_000 });
    const result = await activities.sendAlertEmail({ alertId: id, kind: 'notify', level: 0, note: null });
    assert.equal(result.delivered, 'sent');
    const [mail] = await sendgrid.waitForCount(1);
    assert.ok(mail, 'SendGrid received the mail');

    assert.ok(mail.text.includes('Active users: 12.4 a day lately against 20.6 before, down 39.8 %'), `the rule's leaf named the metric: ${mail.text}`);
    assert.ok(mail.text.includes('2 of 3 key users inactive for 28 days: ana@acme.test, bo@acme.test'), 'key users in words');
    assert.ok(mail.text.includes('7 points of confirming signals (alerts at 5)'), 'the score in words');
    assert.ok(!mail.text.includes('days of usage history'), 'the history guard is left out');
    assert.ok(mail.text.includes('Active users a day, last 30 days: 11 on 2026-11-30 (low 11, high 22); baseline 20.6 a day'), `the chart's summary: ${mail.text}`);
    assert.ok(!mail.text.includes('{"'), 'no raw JSON');
    // The chart drew the account's own last 30 days, ending at the day the rule judged.
    const titles = [...mail.html.matchAll(/title="(2026-\d\d-\d\d): ([\d.]+|no data)"/g)].map((m) => [m[1], m[2]]);
    assert.equal(titles.length, 30, 'thirty days drawn');
    assert.deepEqual(titles.at(-1), ['2026-11-30', '11'], 'the last bar is the judged day');
    assert.deepEqual(titles[0], ['2026-11-01', '20'], 'the first bar is 29 days before');
    for (const action of ['acknowledge', 'dismiss', 'snooze']) {
      const url = new RegExp(`${action[0]!.toUpperCase()}${action.slice(1)}: (\\S+)`).exec(mail.text)![1]!;
      assert.ok(mail.html.includes(`href="${url}"`), `the ${action} button carries the same signed link as the text`);
    }
    assert.equal(mail.html.match(/href="http:\/\/app\.test\/actions\//g)?.length, 3, 'three signed action links');
    assert.ok(mail.html.includes(`href="http://app.test/app/alerts/${id}"`), 'the open-in-the-app link');
    assert.ok(!mail.html.includes('<script>alert(1)'), 'the account name is escaped');

    const page = await browser.newPage({ viewport: { width: 680, height: 900 } });
    await page.setContent(mail.html);
    assert.equal(await page.getByRole('link', { name: 'Acknowledge' }).count(), 1, 'the Acknowledge button is a link');
    assert.ok(await page.getByRole('img', { name: /Active users a day/ }).isVisible(), 'the chart is visible with its label');
    await screenshot(page, 'alert-email');
    await page.setViewportSize({ width: 375, height: 800 });
    await screenshot(page, 'alert-email-phone');
    await page.close();
  });
});
