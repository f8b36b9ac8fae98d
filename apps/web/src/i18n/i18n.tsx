import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { setApiLanguage } from '../api/client';
import { MESSAGES, type Language, type Messages } from './messages';

const LANGUAGE_KEY = 'cce.language';

interface I18n {
  language: Language;
  m: Messages;
  setLanguage: (language: Language) => void;
  /** Fills `{name}` placeholders. */
  fill: (template: string, values: Record<string, string | number>) => string;
}

const I18nContext = createContext<I18n | null>(null);

function initialLanguage(): Language {
  return localStorage.getItem(LANGUAGE_KEY) === 'en' ? 'en' : 'vi';
}

export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(() => {
    const chosen = initialLanguage();
    setApiLanguage(chosen);
    return chosen;
  });
  const value = useMemo<I18n>(
    () => ({
      language,
      m: MESSAGES[language],
      setLanguage: (next) => {
        localStorage.setItem(LANGUAGE_KEY, next);
        setApiLanguage(next);
        document.documentElement.lang = next;
        setLanguageState(next);
      },
      fill,
    }),
    [language],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (!context) throw new Error('useI18n outside I18nProvider');
  return context;
}
