// Entry point of the page: defines <reward-playground> (and the elements it uses); index.html places it.
import './page.css';
import './components/reward-playground';
