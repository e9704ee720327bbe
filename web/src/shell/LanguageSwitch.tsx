import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { type Language, setLanguage } from '../i18n/index.js';

/** 中文 | English, in the header and on the login page; the choice is kept in this browser. */
export function LanguageSwitch() {
  const { i18n } = useTranslation();
  const current: Language = i18n.language === 'en' ? 'en' : 'zh-CN';
  return (
    <Segmented<Language>
      data-testid="language-switch"
      size="small"
      value={current}
      onChange={(value) => setLanguage(value)}
      options={[
        { value: 'zh-CN', label: <span data-testid="lang-zh">中文</span> },
        { value: 'en', label: <span data-testid="lang-en">English</span> },
      ]}
    />
  );
}
