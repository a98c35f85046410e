/**
 * Small built-in stop-word lists (function words only) for key-phrase splitting and for telling
 * sentence-initial capitals from names. Deliberately short: they only need to break phrases.
 */
const LISTS: Record<string, string> = {
  en: 'a about above after again against all also am an and any are as at be because been before being below between both but by can could did do does doing down during each few for from further had has have having he her here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other our ours out over own same she should so some such than that the their theirs them themselves then there these they this those through to too under until up very was we were what when where which while who whom why will with would you your yours yourself said says say told according new one two three first last year years also just like get got make made many much may might must us per via since still even back well way including however although though yet another among around across its it\'s don\'t didn\'t won\'t can\'t i\'m he\'s she\'s they\'re we\'re mr mrs ms monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow week month time people',
  de: 'der die das den dem des ein eine einer eines einem einen und oder aber als am an auf aus bei bis durch für gegen hinter in im ins mit nach neben ohne seit über um unter vom von vor während wegen zu zum zur ich du er sie es wir ihr sich mich dich uns euch mein dein sein ihr unser euer ist sind war waren wird werden wurde wurden worden sein haben hat hatte hatten habe kann können konnte könnte muss müssen soll sollen sollte will wollen wollte darf dürfen mag nicht kein keine keinen keinem auch noch nur schon so wie wo was wer wenn weil dass ob denn doch dann da dort hier jetzt immer mehr sehr viel viele alle allem allen aller alles andere anderen diese dieser dieses diesem diesen jede jeder jedes man ja nein ab bereits etwa sowie laut heute gestern morgen jahr jahren prozent sagte sagt erklärte hieß zwei drei ersten neue neuen seine seiner seinen ihre ihren ihrer beim zwischen rund etwa damit dabei dazu darauf darüber davon dagegen deshalb trotz sondern sowohl einem einen montag dienstag mittwoch donnerstag freitag samstag sonntag uhr',
  fr: 'le la les un une des du de d l au aux et ou mais donc or ni car que qui quoi dont où ce cet cette ces son sa ses leur leurs mon ma mes ton ta tes notre nos votre vos je tu il elle on nous vous ils elles se me te lui y en ne pas plus moins très tout tous toute toutes autre autres même est sont était étaient été être avoir a ont avait avaient fait faire dans par pour sur sous avec sans entre vers chez après avant depuis pendant contre selon comme si aussi ainsi alors encore déjà bien peu beaucoup deux trois premier nouvelle nouveau année ans lundi mardi mercredi jeudi vendredi samedi dimanche a-t-il c\'est qu\'il n\'est l\'on',
  es: 'el la los las un una unos unas y o pero ni que quien cual cuyo donde como cuando de del al a en con sin por para sobre entre hacia hasta desde durante según contra su sus mi mis tu tus nuestro nuestra nuestros se le les lo me te nos yo tú él ella ellos ellas nosotros es son era eran fue fueron ser estar está están estaba ha han había hay haber tiene tienen tenía hace hacer muy más menos también ya aún todavía no sí este esta estos estas ese esa esos esas aquel todo toda todos todas otro otra otros otras mismo dos tres primer primera nuevo nueva año años dijo según lunes martes miércoles jueves viernes sábado domingo',
  it: 'il lo la i gli le un uno una e ed o ma né che chi cui dove come quando di del dello della dei degli delle a al allo alla ai agli alle da dal dallo dalla dai dagli dalle in nel nello nella nei negli nelle con su sul sullo sulla sui sugli sulle per tra fra suo sua suoi sue mio mia loro si ci vi ne non è sono era erano fu essere ha hanno aveva avere fa fare molto più meno anche già ancora questo questa questi queste quello quella tutto tutti tutta tutte altro altri altra stesso due tre primo nuova nuovo anno anni ha detto lunedì martedì mercoledì giovedì venerdì sabato domenica',
  pt: 'o a os as um uma uns umas e ou mas nem que quem qual onde como quando de do da dos das ao aos à às em no na nos nas num numa com sem por pelo pela pelos pelas para sobre entre até desde durante contra seu sua seus suas meu minha se lhe lhes me te nos eu tu ele ela eles elas é são era eram foi foram ser estar está estão tem têm ter há muito mais menos também já ainda não sim este esta estes estas esse essa isso todo toda todos todas outro outra outros mesmo dois três novo nova ano anos disse',
  nl: 'de het een en of maar dat die dit deze wie wat waar hoe wanneer van in op aan met voor door bij uit naar over onder tussen tegen zonder na sinds tot om als dan ook nog al wel niet geen is zijn was waren wordt worden werd werden heeft hebben had hadden kan kunnen zal zullen moet moeten zich hij zij ze wij we jij je ik u hun haar hem mijn ons onze er hier daar nu meer veel zeer twee drie eerste nieuwe jaar jaren zei',
  sv: 'och i att det som en på är av för med till den har de inte om ett han men var jag sig från vi så kan man när år säger hon nu sin där vid mot ska skulle också efter eller under hade blir blev bara dem då denna detta dessa vara vad mycket mer andra två tre nya',
  no: 'og i det som en på er av for med til den har de ikke om et han men var jeg seg fra vi så kan man når år sier hun nu nå sin der ved mot skal skulle også etter eller under hadde blir ble bare dem da denne dette disse være hva mye mer andre to tre nye',
  da: 'og i at det som en på er af for med til den har de ikke om et han men var jeg sig fra vi så kan man når år siger hun nu sin der ved mod skal skulle også efter eller under havde bliver blev kun dem da denne dette disse være hvad meget mere andre to tre nye',
  pl: 'i w na z do że się nie to jest o jak ale po co od za przez dla przy jego jej ich tak już czy być był była było są oraz a lub ani ten ta te tego tej tym które który która którzy także może może też jeszcze tylko dwa trzy nowy roku lat powiedział',
};

const CACHE = new Map<string, Set<string>>();

/** Stop words for a language (ISO 639-1); English is the fallback, and always included. */
export function stopWords(lang: string | null): Set<string> {
  const key = lang && LISTS[lang] ? lang : 'en';
  let set = CACHE.get(key);
  if (!set) {
    set = new Set([...(LISTS[key] ?? '').split(' '), ...(LISTS['en'] ?? '').split(' ')].filter(Boolean));
    CACHE.set(key, set);
  }
  return set;
}

export function hasStopWords(lang: string): boolean {
  return lang in LISTS;
}
