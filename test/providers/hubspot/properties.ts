export type PropertyType = 'number' | 'datetime' | 'string';

/** Feedloop's default contact properties, for every metric. */
export function defaultContactProperties(): Record<string, PropertyType> {
  const properties: Record<string, PropertyType> = { feedloop_last_comment: 'string', feedloop_last_touchpoint: 'string' };
  for (const metric of ['csat', 'nps', 'ces', 'thumbs', 'emoji', 'fcr']) {
    properties[`feedloop_last_${metric}`] = 'number';
    properties[`feedloop_last_${metric}_at`] = 'datetime';
  }
  return properties;
}

/** The note properties HubSpot defines, which the destination may write. */
export const NOTE_PROPERTIES: Record<string, PropertyType> = { hs_timestamp: 'datetime', hs_note_body: 'string', hubspot_owner_id: 'number', hs_attachment_ids: 'string' };
