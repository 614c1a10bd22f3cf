import { z } from 'zod';

// Wire shapes of the OpenAI Chat Completions API (https://platform.openai.com/docs/api-reference/chat/create),
// spoken also by Azure OpenAI (https://learn.microsoft.com/azure/ai-services/openai/reference, api-version
// 2024-10-21) and by local OpenAI-compatible servers (llama.cpp, vLLM, Ollama). Only the fields toex reads.

/** Body of `POST …/chat/completions` as toex sends it. */
export interface ChatCompletionRequestBody {
  /** Omitted for Azure OpenAI, where the deployment in the URL names the model. */
  model?: string;
  messages: Array<{ role: 'system' | 'user'; content: string }>;
  /** 0: the most repeatable output a model gives. */
  temperature: 0;
  response_format: { type: 'json_object' };
}

/** Chat completion success: the reply text, why it stopped, and the tokens billed. */
export const chatCompletionResponseSchema = z.object({
  id: z.string().nullish(),
  model: z.string().nullish(),
  choices: z
    .array(
      z.object({
        message: z.object({ content: z.string().nullish() }),
        finish_reason: z.string().nullish(),
      }),
    )
    .min(1),
  usage: z
    .object({
      prompt_tokens: z.number().int().nonnegative(),
      completion_tokens: z.number().int().nonnegative(),
    })
    .nullish(),
});

/** A parsed chat completion. */
export type ChatCompletionResponse = z.infer<typeof chatCompletionResponseSchema>;

/** The reply toex asks for: `{"translations":[{"id":1,"text":"…"},…]}`, one per numbered segment, in order. */
export const numberedTranslationsSchema = z.object({
  translations: z.array(z.object({ id: z.number().int(), text: z.string() })),
});

/** OpenAI errors: `{"error":{"message":"…","type":"…","param":null,"code":"invalid_api_key"}}`. */
export const openAiErrorBodySchema = z.object({
  error: z.object({
    message: z.string().nullish(),
    type: z.string().nullish(),
    code: z.union([z.string(), z.number()]).nullish(),
  }),
});
