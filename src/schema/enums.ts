import { z } from 'zod';

/** The vocabularies of the contract (docs/contract.md §1–2). */
export const Countries = ['MX', 'CO', 'ES'] as const;
export const Channels = ['call', 'sms', 'whatsapp', 'email', 'letter', 'visit'] as const;
export const RecipientRoles = [
  'debtor',
  'co_debtor',
  'guarantor',
  'attorney',
  'legal_representative',
  'heir',
  'reference',
  'relative',
  'employer',
  'other',
  'unknown',
] as const;
export const Outcomes = ['connected', 'no_answer', 'voicemail', 'busy', 'delivered', 'failed'] as const;
export const Products = ['consumer', 'card', 'mortgage', 'microcredit', 'agricultural', 'commercial', 'other'] as const;
export const Categories = [
  'hours',
  'holiday',
  'frequency',
  'third_party',
  'mora',
  'channel',
  'debtor_status',
  'conduct',
] as const;
/** Categories cured by waiting: a decision whose violations are all of these is a `delay`. */
export const TimeCategories = ['hours', 'holiday', 'frequency'] as const;

export const CountrySchema = z.enum(Countries);
export const ChannelSchema = z.enum(Channels);
export const RecipientRoleSchema = z.enum(RecipientRoles);
export const OutcomeSchema = z.enum(Outcomes);
export const CategorySchema = z.enum(Categories);

export type Country = z.infer<typeof CountrySchema>;
export type Channel = z.infer<typeof ChannelSchema>;
export type RecipientRole = z.infer<typeof RecipientRoleSchema>;
export type Outcome = z.infer<typeof OutcomeSchema>;
export type Category = z.infer<typeof CategorySchema>;
