export default function Page() {
  return <p>portwarden toolchain fixture: next</p>;
}
