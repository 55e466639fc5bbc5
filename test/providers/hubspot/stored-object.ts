export interface StoredObject {
  id: string;
  properties: Record<string, string>;
  createdAt: string;
  updatedAt: string;
}

/** A note → contact association (each pair once, as in HubSpot). */
export interface Association {
  from: string;
  to: string;
  associationTypeId: number;
}
