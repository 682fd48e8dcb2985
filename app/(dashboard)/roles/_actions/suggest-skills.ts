'use server';

import { z } from 'zod';
import { requireActor } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { suggestSkills, type SkillSuggestion } from '@/lib/data/skills';

/** Skill autocomplete for the requirements editor: a read, but called from the client as the user types. */
export async function suggestSkillsAction(text: string): Promise<SkillSuggestion[]> {
  const parsed = z.string().max(100).safeParse(text);
  if (!parsed.success) return [];
  await requireActor('roles.view');
  return suggestSkills(await getDb(), parsed.data, 10);
}
