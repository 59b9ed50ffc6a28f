export default {
  index: 'Home',
  'get-started': { title: "Start", type: 'page' }, // c
  _: { title: <Sep>x</Sep> },
}
