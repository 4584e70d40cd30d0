/**
 * A change handler for an `<input type="file">`: hands over the chosen file,
 * then clears the input, so choosing the same file again is heard again.
 */
export function onFileChosen(use: (file: File) => void): (event: Event) => void {
  return (event) => {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (file) use(file);
    input.value = '';
  };
}
