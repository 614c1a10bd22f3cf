import { describe, expect, it } from 'vitest';
import {
  createInThreadLanguageDetector,
  type LanguageDetector,
  longEnoughToTrustDetection,
} from './language-detector';
import { startWorkerLanguageDetector } from './worker-language-detector';

// Short chat messages of the kind a phone download holds, in the languages investigators meet most
// often in UK casework. Written for this test; each is what the detector must name.
const messages: Record<string, readonly string[]> = {
  es: [
    '¿Dónde estás ahora mismo?',
    'Te espero en la puerta del bar',
    'No me llames más a este número',
    'Mañana paso a recoger el dinero',
    'Ya he llegado, baja cuando puedas',
    'Dile a tu hermano que me debe cien euros',
    'Nos vemos a las ocho en la plaza',
    'Borra estos mensajes cuando los leas',
  ],
  en: [
    'Where are you right now?',
    'I will be outside the shop in ten minutes',
    'Do not call me on this number again',
    'Bring the money tomorrow morning',
    'He said the car is parked behind the station',
    'Delete these messages after you read them',
    'Meet me at the usual place at eight',
    'Tell your brother he owes me a hundred pounds',
  ],
  ar: [
    'أين أنت الآن؟',
    'سأنتظرك أمام المحل بعد عشر دقائق',
    'لا تتصل بي على هذا الرقم مرة أخرى',
    'أحضر المال غدا في الصباح',
    'قال إن السيارة متوقفة خلف المحطة',
    'احذف هذه الرسائل بعد قراءتها',
    'نلتقي في المكان المعتاد الساعة الثامنة',
    'قل لأخيك إنه مدين لي بمئة جنيه',
  ],
  zh: [
    '你现在在哪里？',
    '我十分钟后到商店门口等你',
    '不要再打这个号码给我',
    '明天早上把钱带过来',
    '他说车停在车站后面',
    '看完这些信息以后马上删掉',
    '八点在老地方见面',
    '告诉你哥哥他欠我一百英镑',
  ],
  ro: [
    'Unde ești acum?',
    'Te aștept în fața magazinului în zece minute',
    'Nu mă mai suna la numărul ăsta',
    'Adu banii mâine dimineață',
    'A zis că mașina e parcată în spatele gării',
    'Șterge mesajele astea după ce le citești',
    'Ne vedem la locul obișnuit la ora opt',
    'Spune-i fratelui tău că îmi datorează o sută de lire',
  ],
  sq: [
    'Ku je tani?',
    'Të pres para dyqanit pas dhjetë minutash',
    'Mos më telefono më në këtë numër',
    'Sille paratë nesër në mëngjes',
    'Tha që makina është parkuar pas stacionit',
    'Fshiji këto mesazhe pasi t’i lexosh',
    'Takohemi në vendin e zakonshëm në orën tetë',
    'Thuaji vëllait tënd që më ka borxh njëqind paund',
  ],
  pl: [
    'Gdzie jesteś teraz?',
    'Czekam przed sklepem za dziesięć minut',
    'Nie dzwoń do mnie więcej na ten numer',
    'Przynieś pieniądze jutro rano',
    'Powiedział, że samochód stoi za dworcem',
    'Usuń te wiadomości, jak je przeczytasz',
    'Spotkajmy się w tym samym miejscu o ósmej',
    'Powiedz bratu, że wisi mi sto funtów',
  ],
};

/** The messages the detector misread, and those of them it would have acted on. */
async function misreadings(detector: LanguageDetector) {
  const all = Object.entries(messages).flatMap(([language, texts]) =>
    texts.map((text) => ({ language, text })),
  );
  const guesses = await detector.detectMany(all.map(({ text }) => text));
  const wrong: string[] = [];
  const wrongAndTrusted: string[] = [];
  all.forEach(({ language, text }, index) => {
    const guess = guesses[index];
    if (guess?.language === language) return;
    const miss = `${language} read as ${guess?.language ?? 'nothing'}: ${text}`;
    wrong.push(miss);
    // A misreading the pipeline would act on (skip the text as already in the target language).
    if (guess?.reliable === true && longEnoughToTrustDetection(text)) wrongAndTrusted.push(miss);
  });
  return { wrong, wrongAndTrusted };
}

describe('the shipped language detector', () => {
  it('names the language of short chat messages in seven languages', async () => {
    const { wrong, wrongAndTrusted } = await misreadings(await createInThreadLanguageDetector());
    expect(wrongAndTrusted).toEqual([]);
    // Every eld model size reads "Ku je tani?" (Albanian, three words) as Yoruba: too short to tell.
    expect(wrong.length).toBeLessThanOrEqual(1);
  });

  it('answers the same from its worker thread, batch after batch', async () => {
    // The sources run here, so the worker starts through a TypeScript loader; the package runs the built file.
    const detector = await startWorkerLanguageDetector({
      workerUrl: new URL('./__fixtures__/source-detection-worker.mjs', import.meta.url),
    });
    expect(detector).toBeDefined();
    const inThread = await misreadings(await createInThreadLanguageDetector());
    const [first, second] = await Promise.all([misreadings(detector!), misreadings(detector!)]);
    expect(first).toEqual(inThread);
    expect(second).toEqual(inThread);
  });

  it('fails every request loudly, and says so once, when the worker dies', async () => {
    const failures: Error[] = [];
    const detector = await startWorkerLanguageDetector({
      workerUrl: new URL('./__fixtures__/failing-detection-worker.mjs', import.meta.url),
      onFailure: (error) => failures.push(error),
    });
    await expect(detector!.detectMany(['hola amigo que tal'])).rejects.toThrow('model missing');
    await expect(detector!.detectMany(['otra vez'])).rejects.toThrow('model missing');
    expect(failures).toHaveLength(1);
  });

  it('is absent rather than broken when the worker file is missing', async () => {
    const missing = new URL('./no-such-worker.js', import.meta.url);
    expect(await startWorkerLanguageDetector({ workerUrl: missing })).toBeUndefined();
  });
});
