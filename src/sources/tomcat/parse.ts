/**
 * Pure parsing of the Tomcat manager's two status pages into values, by the table in metrics.ts: the XML status page
 * (`/manager/status?XML=true`: JVM memory, memory pools, connectors) and the applications of the complete status page
 * (`/manager/status/all`, HTML only). A field that is missing or not a number is skipped and named in `skipped`; a
 * document that is not the expected page at all is an error.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { cleanName } from '../../datum.js';
import { metricsOf, type StatusElement } from './metrics.js';

/** One value read from a page: the metric, the number in the metric's unit, and its tags (no `host`, no `name`). */
export interface StatusValue {
  metric: string;
  value: number;
  tags: Record<string, string>;
}

export interface ParsedPage {
  values: StatusValue[];
  /** What could not be read, e.g. `connector "http-nio-8080" requestInfo.requestCount`. */
  skipped: string[];
}

/** The page was answered but is not what the source reads (an HTML page, a proxy's error page, truncated XML). */
export class StatusPageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StatusPageError';
  }
}

type Attributes = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (name) => name === 'memorypool' || name === 'connector',
});

const NUMBER = /^\s*-?\d+(\.\d+)?\s*$/;

function isElement(value: unknown): value is Attributes {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The values of one element's attributes, by the metrics of `element`. */
function readElement(element: StatusElement, attributes: unknown, tags: Record<string, string>, where: string,
  page: ParsedPage): void {
  if (!isElement(attributes)) {
    page.skipped.push(`${where} (no ${element} element)`);
    return;
  }
  for (const meta of metricsOf(element)) {
    const text = attributes[meta.attribute];
    if (typeof text !== 'string' || !NUMBER.test(text)) {
      page.skipped.push(`${where}.${meta.attribute}${text === undefined ? ' (missing)' : ` = ${JSON.stringify(text)}`}`);
      continue;
    }
    const value = Number(text);
    // Tomcat shows -1 for "no limit" (a pool's usageMax): there is no value to send, and nothing is wrong
    if (value < 0 && meta.attribute === 'usageMax') continue;
    page.values.push({ metric: meta.metric, value: value / (meta.divideBy ?? 1), tags });
  }
}

/** A tag value from a name on the page: surrounding quotes dropped (connector names carry them), then cleaned. */
export function tagValue(text: unknown): string {
  return typeof text === 'string' ? cleanName(text.trim().replace(/^"(.*)"$/, '$1')) : '';
}

/** The XML status page (`?XML=true`). Throws StatusPageError when `text` is not XML or has no `<status>` element. */
export function parseStatusXml(text: string): ParsedPage {
  if (/^\s*(<!DOCTYPE html|<html)/i.test(text)) {
    throw new StatusPageError("an HTML page, not Tomcat's XML status page (does the Url end in ?XML=true?)");
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new StatusPageError(`not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  }
  const document = parser.parse(text) as Attributes;
  // an element with neither attributes nor children comes back as ''
  const status = document.status === '' ? {} : document.status;
  if (!isElement(status)) {
    throw new StatusPageError("no <status> element: not Tomcat's XML status page (does the Url end in ?XML=true?)");
  }
  const page: ParsedPage = { values: [], skipped: [] };
  const jvm = isElement(status.jvm) ? status.jvm : undefined;
  readElement('memory', jvm?.memory, {}, 'jvm.memory', page);
  for (const pool of Array.isArray(jvm?.memorypool) ? jvm.memorypool as unknown[] : []) {
    const name = isElement(pool) ? tagValue(pool.name) : '';
    if (name === '') {
      page.skipped.push('jvm.memorypool without a usable name');
      continue;
    }
    readElement('memorypool', pool, { pool: name }, `memorypool "${name}"`, page);
  }
  for (const connector of Array.isArray(status.connector) ? status.connector as unknown[] : []) {
    const name = isElement(connector) ? tagValue(connector.name) : '';
    if (!isElement(connector) || name === '') {
      page.skipped.push('connector without a usable name');
      continue;
    }
    readElement('threadInfo', connector.threadInfo, { connector: name }, `connector "${name}" threadInfo`, page);
    readElement('requestInfo', connector.requestInfo, { connector: name }, `connector "${name}" requestInfo`, page);
  }
  return page;
}

const APP_SECTION = /<h1>([^<]*)<\/h1>\s*<\/a>\s*<p>([\s\S]*?)<\/p>/g;

/** The few character references Tomcat's HTML writer produces in names (`&#47;` for every slash). */
function decodeHtml(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_match, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_match, code: string) => String.fromCodePoint(Number.parseInt(code, 16)))
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

/**
 * The applications of the complete status page: each is an `<h1>host/path</h1>` followed by a paragraph of
 * `Label: number` figures (Tomcat writes these labels in English whatever the locale). Throws StatusPageError when the
 * page has no application list at all.
 */
export function parseCompleteStatus(html: string): ParsedPage {
  const list = html.indexOf('Application list');
  if (list < 0) {
    throw new StatusPageError("no application list: not Tomcat's complete status page (/manager/status/all)");
  }
  const page: ParsedPage = { values: [], skipped: [] };
  for (const [, heading = '', paragraph = ''] of html.slice(list).matchAll(APP_SECTION)) {
    const app = tagValue(decodeHtml(heading));
    if (app === '') {
      page.skipped.push('application without a usable name');
      continue;
    }
    const text = decodeHtml(paragraph.replace(/<[^>]*>/g, ' '));
    for (const meta of metricsOf('app')) {
      const found = new RegExp(`${meta.attribute}:\\s*(-?\\d+)\\b`).exec(text);
      if (found?.[1] === undefined) {
        page.skipped.push(`app "${app}" ${meta.attribute} (missing)`);
        continue;
      }
      page.values.push({ metric: meta.metric, value: Number(found[1]), tags: { app } });
    }
  }
  return page;
}
