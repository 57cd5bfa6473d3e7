// jsQR as an ES module. Its package has only a UMD build (jsQR.js, unchanged), which, loaded
// as a module where there is neither CommonJS nor AMD, sets self.jsQR; this hands it on.
import "./jsQR.js";

const jsQR = self.jsQR;
export default jsQR;
