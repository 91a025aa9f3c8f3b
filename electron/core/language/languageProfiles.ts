/**
 * Small profiles for telling the reading languages apart within one script, by the two things short screen text
 * still shows: function words and interface words (stop words), and letters the other languages do not use.
 * Written for Sightline from general knowledge of each language (no word list was copied); they are checked on the
 * gettext corpus's tuning split (bench:ocr:lang reports block-language accuracy on both splits).
 */
export interface LanguageProfile {
  /** Lower-case words frequent in that language's prose and interfaces. */
  readonly words: ReadonlySet<string>;
  /** Lower-case letters the language uses and most others of its script do not. */
  readonly letters: ReadonlySet<string>;
  /** Letter sequences typical of the language (for languages with few letters of their own). */
  readonly cues: readonly string[];
}

const profile = (words: string, letters = '', cues: readonly string[] = []): LanguageProfile =>
  Object.freeze({ words: new Set(words.split(' ')), letters: new Set([...letters]), cues: Object.freeze([...cues]) });

export const LANGUAGE_PROFILES: Readonly<Record<string, LanguageProfile>> = Object.freeze({
  en: profile('the and of to in is for on with this that be are not or as by from an it you your if can will when which has have all new file open save cancel help view edit search settings default used whether should', '', ['th', 'wh', 'ing', 'ould']),
  de: profile('der die das und ist nicht ein eine einen zu den von mit für auf im des dem sie es wird werden oder bei als auch wenn kann ob dieses diese datei öffnen speichern abbrechen einstellungen hilfe ansicht suchen soll sollen', 'äöüß', ['sch', 'ung', 'cht', 'ei', 'ie']),
  fr: profile('le la les de des du un une et est pour dans en sur au aux par pas ne qui que ce cette avec être fichier ouvrir enregistrer annuler aide affichage rechercher paramètres si doit', 'àâçéèêëîïôùûœ', ['eau', 'oi', 'ou', 'qu']),
  es: profile('el la los las de del y en un una es para por con no que se al lo su como si archivo abrir guardar cancelar ayuda ver buscar configuración debe', 'áéíóúñ¿¡', ['ción', 'll']),
  it: profile('il lo la i gli le di del della delle e è un una per in con non che si da al alla apri salva annulla aiuto visualizza cerca impostazioni deve se', 'àèéìòù', ['zione', 'gli', 'cch']),
  pt: profile('o a os as de do da dos das e é um uma para em no na com não que se por ao arquivo ficheiro abrir guardar salvar cancelar ajuda ver procurar definições configurações deve', 'ãõâêôçà', ['ção', 'nh', 'lh']),
  nl: profile('de het een en van is in op te voor met niet dat die zijn of als aan bij wordt worden kan deze bestand openen opslaan annuleren hulp beeld zoeken instellingen moet', 'ë', ['ij', 'oe', 'aa', 'ee', 'uu']),
  pl: profile('i w z na do nie się to jest że o dla od po czy jak lub przez oraz ten ta plik otwórz zapisz anuluj pomoc widok szukaj ustawienia ma', 'ąćęłńśźż', ['rz', 'sz', 'cz', 'ie']),
  cs: profile('a v se na je z do že to s o pro k jako nebo ale by jsou který která které soubor otevřít uložit zrušit nápověda zobrazit hledat nastavení zda', 'čďěňřšťůž', ['ch', 'st']),
  sv: profile('och i att det som en ett är på för med av till den inte om har kan eller vid från fil öppna spara avbryt hjälp visa sök inställningar ska', 'åäö', ['sk', 'tt']),
  tr: profile('ve bir bu da de için ile değil olarak ne mi çok daha gibi veya olan dosya aç kaydet iptal yardım görünüm ara ayarlar', 'çğışöü', ['lar', 'ler']),
  ru: profile('и в не на что с по для это как к из от или при будет если файл открыть сохранить отмена справка вид поиск настройки ли быть который должен', 'ыэъё', []),
  uk: profile('і й в у не на що з до для це як від або при буде якщо файл відкрити зберегти скасувати довідка вигляд пошук налаштування чи бути який має', 'іїєґ', []),
  el: profile('και το τα η ο οι του της των να για με σε από δεν θα αν', '', []),
  zh: profile('的 是 在 和 不', '', []),
});
