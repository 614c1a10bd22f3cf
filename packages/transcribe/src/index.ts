export { VERSION } from './version';

// errors
export { TranscriptionError } from './errors/transcription-error';
export { MediaError } from './errors/media-error';
export type { MediaErrorCode } from './errors/media-error';
export { MediaToolNotFoundError } from './errors/media-tool-not-found-error';

// provider contract
export type {
  TranscriptionAudio,
  TranscriptionBilling,
  TranscriptionCallOptions,
  TranscriptionCapabilities,
  TranscriptionLimits,
  TranscriptionProvider,
  TranscriptionRequest,
  TranscriptionResponse,
} from './spec';

// transcript model and writers
export {
  transcriptGapSchema,
  transcriptSchema,
  transcriptSegmentSchema,
  transcriptText,
  transcriptWarningSchema,
  transcriptWordSchema,
} from './transcript/transcript';
export type {
  Transcript,
  TranscriptGap,
  TranscriptSegment,
  TranscriptWarning,
  TranscriptWord,
} from './transcript/transcript';
export { formatTranscript, transcriptFormats } from './writers/format-transcript';
export type { TranscriptFormat } from './writers/format-transcript';
export { formatJson } from './writers/json-writer';
export { formatSrt } from './writers/srt-writer';
export { formatVtt } from './writers/vtt-writer';
export { formatText } from './writers/text-writer';
export { formatTimecode } from './writers/timecode';
export { MACHINE_TRANSCRIPT_LABEL } from './writers/cues';

// media
export { resolveMediaTools } from './media/media-tools';
export type { MediaTools, MediaToolsOptions } from './media/media-tools';
export type { ProgramSpec } from './media/run-program';
export { probeMedia } from './media/probe-media';
export type { MediaProbe, MediaStream } from './media/probe-media';
export { extractSpeechAudio, SPEECH_BYTES_PER_SECOND, SPEECH_SAMPLE_RATE } from './media/extract-audio';
export { detectSilences, parseSilenceLog } from './media/detect-silences';
export type { Silence, SilenceDetectionOptions } from './media/detect-silences';
export { maxChunkSeconds, planChunks } from './media/plan-chunks';
export type { ChunkLimits, MediaChunk } from './media/plan-chunks';

// providers
export { createPocketSphinxTranscriber } from './providers/pocketsphinx/pocketsphinx-transcriber';
export { pocketSphinxSettingsSchema } from './providers/pocketsphinx/pocketsphinx-settings';
export type { PocketSphinxSettings } from './providers/pocketsphinx/pocketsphinx-settings';
export { parsePocketSphinxOutput } from './providers/pocketsphinx/parse-pocketsphinx-output';

// job
export { transcribeFiles } from './job/transcribe-files';
export type { TranscribedFile, TranscribeFilesResult } from './job/transcribe-files';
export { estimateTranscription } from './job/estimate-transcription';
export type { TranscriptionEstimate } from './job/estimate-transcription';
export type {
  TranscribeFilesOptions,
  TranscriptionCostingOptions,
  TranscriptionJobOptions,
} from './job/transcription-job-options';
export { storedChunkSchema } from './job/stored-chunk';
export type { StoredChunk } from './job/stored-chunk';
export type { WrittenFile } from './job/write-transcript-files';

// quality
export { wordErrorRate } from './quality/word-error-rate';
export type { WordErrorRate } from './quality/word-error-rate';

// OpenAI-compatible
export {
  createOpenAiTranscriber,
  OPENAI_ENDPOINT,
  OPENAI_TRANSCRIPTION_LIMITS,
} from './providers/openai/openai-transcriber';
export type { OpenAiTranscriberSettings } from './providers/openai/openai-transcription-settings';

// Azure AI Speech
export { createAzureFastTranscriber } from './providers/azure-speech/azure-fast-transcriber';
export { createAzureBatchTranscriber } from './providers/azure-speech/azure-batch-transcriber';
export { AZURE_SPEECH_API_VERSION } from './providers/azure-speech/azure-speech-common';
export type { AzureBatchSettings, AzureSpeechSettings } from './providers/azure-speech/azure-speech-settings';
export { pollUntil } from './polling/poll-until';
export type { PollOptions } from './polling/poll-until';

// Azure AI Video Indexer
export { createVideoIndexerTranscriber } from './providers/video-indexer/video-indexer-transcriber';
export type { VideoIndexerSettings } from './providers/video-indexer/video-indexer-transcriber';

// AssemblyAI and Deepgram
export { createAssemblyAiTranscriber } from './providers/assemblyai/assemblyai-transcriber';
export type { AssemblyAiSettings } from './providers/assemblyai/assemblyai-transcriber';
export { createDeepgramTranscriber } from './providers/deepgram/deepgram-transcriber';
export type { DeepgramSettings } from './providers/deepgram/deepgram-transcriber';

// translation of transcripts
export { translateTranscript } from './job/segment-translator';
export type { SegmentTranslation, SegmentTranslator } from './job/segment-translator';
