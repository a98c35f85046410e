// Webhooks: subscriptions and their delivery log (Redis), an emitter the pipeline stages call
// through their events port, and the delivery worker that signs and POSTs each event.
export { WebhookRegistry, WebhookError, webhookKeys, type WebhookSubscription, type StoredSubscription, type WebhookInput, type DeliveryRecord } from './registry.ts';
export { WebhookEmitter } from './emitter.ts';
export { WebhookQueue, type WebhookQueueOptions } from './queue.ts';
export { startDeliveryWorker, type DeliveryWorker, type DeliveryWorkerOptions } from './delivery.ts';
export { signPayload, verifySignature, SIGNATURE_HEADER, DEFAULT_TOLERANCE_S } from './signature.ts';
export { startWebhooks, type Webhooks, type WebhooksOptions } from './service.ts';
