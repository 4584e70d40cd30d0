/** The first element of every compact stored value: the schema version that introduced the form. */
export const STORED_FORM = 6;
