// Charset layer: Content-Type classification and decoding of HTML bytes to text (no network, no Redis).
export { isHtmlContentType, sniffHtml, mimeEssence, charsetParam } from './content-type.ts';
export { decodeHtml, type DecodedHtml } from './decode-html.ts';
