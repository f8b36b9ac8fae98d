import { NotificationEntity } from './notification.entity';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';

export { NotificationEntity, WebhookDeliveryEntity };

/** In-app notifications and their webhook delivery state. */
export const NOTIFICATION_ENTITIES = [NotificationEntity, WebhookDeliveryEntity];
