export { extractMetadata, pageTitleAffixes, type MetadataOptions } from './extract.ts';
export type { SiteAffix } from './title.ts';
export { parseDate, type ParsedDate } from './dates.ts';
export { normaliseLanguage } from './language.ts';
export type { PageMetadata, PageImage } from './types.ts';
export { mergeRobots, parseRobots, type PageAccess, type RobotsDirectives } from './access.ts';
export { extractTdm, NO_TDM_RESERVATION, type TdmReservation, type TdmHeaders } from './tdm.ts';
