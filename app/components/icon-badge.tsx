/** A state in a word and an icon; the colour classes only reinforce them (never colour alone). */
export function IconBadge({ icon, word, className }: { icon: string; word: string; className: string }) {
  return (
    <span
      className={`inline-flex items-center gap-1 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${className}`}
    >
      <span aria-hidden="true">{icon}</span>
      {word}
    </span>
  );
}
